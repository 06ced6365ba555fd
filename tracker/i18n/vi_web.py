"""Vietnamese for `tracker serve` (the board in a browser): English template -> Vietnamese template."""

VI: dict[str, str] = {
    "There is no database at {path} to serve.": "Không có cơ sở dữ liệu tại {path} để phục vụ.",
    "Import plans first: tracker import plans/": "Hãy nhập kế hoạch trước: tracker import plans/",
    "The access token is too short ({n} characters).": "Mã truy cập quá ngắn ({n} ký tự).",
    "Give at least 12 characters, or leave --token out to get a generated one.":
        "Hãy dùng ít nhất 12 ký tự, hoặc bỏ --token để chương trình tự tạo mã.",
    "The port {port} on {host} is already in use.": "Cổng {port} trên {host} đang được dùng.",
    "Stop what uses it, or choose another with --port, e.g. --port {other}.":
        "Hãy dừng chương trình đang dùng cổng đó, hoặc chọn cổng khác bằng --port, ví dụ --port {other}.",
    "Serving the board of {db} at {address} ({mode}). Ctrl+C stops.":
        "Đang phục vụ bảng của {db} tại {address} ({mode}). Nhấn Ctrl+C để dừng.",
    "read-only": "chỉ xem",
    "moves allowed": "được chuyển thẻ",
    "Colleagues open it with the token: replace {shown} with this machine's address on the network.":
        "Đồng nghiệp mở địa chỉ này kèm mã truy cập: thay {shown} bằng địa chỉ của máy này trong mạng.",
    "Stopped serving the board.": "Đã dừng phục vụ bảng.",
}
