"""Vietnamese for the command-line messages: English template -> Vietnamese template (same {fields})."""

VI: dict[str, str] = {
    "Error: {message}": "Lỗi: {message}",
    "Error: unexpected {kind}: {detail}": "Lỗi: lỗi ngoài dự kiến {kind}: {detail}",
    "This is a bug in the tracker; run again with TRACKER_DEBUG=1 for details and report it.":
        "Đây là lỗi của chương trình; chạy lại với TRACKER_DEBUG=1 để xem chi tiết và báo lại.",
}
