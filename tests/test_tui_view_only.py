"""The board to look at (`tracker board --read-only`, what `tracker serve --read-only` runs)."""

from __future__ import annotations

from test_tui_support import SIZE, TODAY, make_store, screen_text, settle

from tracker.tui.app import TrackerApp
from tracker.tui.compat import notifications


async def test_a_view_only_board_refuses_every_change_and_says_so(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    before = db.read_bytes()
    app = TrackerApp(db, today=TODAY, lang="en", view_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert "VIEW ONLY" in screen_text(app)
        for key in ("greater_than_sign", "u", "delete"):
            await pilot.press(key)
            await settle(pilot, app)
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert errors and all("for looking only" in message for message in errors)
    assert db.read_bytes() == before
