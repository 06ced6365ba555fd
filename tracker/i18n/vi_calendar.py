"""Vietnamese for the calendar messages: English template -> Vietnamese template (same {fields})."""

VI: dict[str, str] = {
}
