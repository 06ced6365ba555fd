"""Vietnamese for the core messages (store, services, editing, importer, reports, config): English
template -> Vietnamese template (same {fields})."""

VI: dict[str, str] = {
    "No card has the id {id}.": "Không có thẻ nào mã {id}.",
}
