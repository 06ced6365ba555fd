"""Reports on the plan tasks as of a cut-off date, in every format an office exchanges.

- model.py: the official monitoring report (Report, build_report, report_from_snapshot), the
  history it is read from, its words in both languages, and Renderer (what a format declares);
- rows.py: JSON for scripts and the rows the CLI lists as a table or CSV;
- docs.py: Markdown and one self-contained HTML page with SVG charts;
- office.py: the Excel workbook and the Word document;
- remind.py: the đôn đốc list (tasks overdue or due soon by lead agency) and its formats;
- formats.py: RENDERERS and REMIND_RENDERERS, the registries `tracker report` and `tracker remind` loop over.

The buckets themselves (classify, Tally) are tracker/monitoring.py, shared with the board.
"""
