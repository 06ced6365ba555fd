"""Vietnamese for the calendar messages: English template -> Vietnamese template (same {fields})."""

VI: dict[str, str] = {
    # -- dav.py: the CalDAV server -------------------------------------------------------------------
    "--password-file FILE, the TRACKER_CALDAV_PASSWORD environment variable, or --password":
        "--password-file TỆP, biến môi trường TRACKER_CALDAV_PASSWORD, hoặc --password",
    "{url} is not a CalDAV calendar URL.": "{url} không phải địa chỉ lịch CalDAV.",
    "Give the calendar's full address, e.g. https://dav.example.org/user/tasks/.":
        "Hãy cho địa chỉ đầy đủ của lịch, ví dụ https://dav.example.org/user/tasks/.",
    "No password was given for the CalDAV user {user}.": "Chưa có mật khẩu cho người dùng CalDAV {user}.",
    "Give it with {ways}; on a terminal sync asks for it.":
        "Hãy cho mật khẩu bằng {ways}; khi chạy trong cửa sổ dòng lệnh, lệnh đồng bộ sẽ hỏi mật khẩu.",
    "The CA certificate file {path} does not exist.": "Tệp chứng chỉ CA {path} không tồn tại.",
    "Give the PEM file of the server's certificate (or of the office CA) with --ca-cert.":
        "Hãy cho tệp PEM chứng chỉ của máy chủ (hoặc của CA cơ quan) bằng --ca-cert.",
    "The CalDAV server at {origin} refused the user name or password.":
        "Máy chủ CalDAV {origin} từ chối tên người dùng hoặc mật khẩu.",
    "Check --user and the password ({ways}).": "Hãy kiểm tra --user và mật khẩu ({ways}).",
    "The CalDAV server refused access to {url} (HTTP {status}).":
        "Máy chủ CalDAV từ chối quyền truy cập {url} (HTTP {status}).",
    "Ask its administrator for read and write rights on this calendar.":
        "Hãy đề nghị quản trị viên máy chủ cấp quyền đọc và ghi lịch này.",
    "The CalDAV server at {origin} failed: {detail}.": "Máy chủ CalDAV {origin} gặp lỗi: {detail}.",
    "Give the server's certificate with --ca-cert FILE (or REQUESTS_CA_BUNDLE).":
        "Hãy cho chứng chỉ của máy chủ bằng --ca-cert TỆP (hoặc REQUESTS_CA_BUNDLE).",
    "Check the URL and that the server is running and reachable.":
        "Hãy kiểm tra địa chỉ và máy chủ có đang chạy, kết nối được không.",
    "Cannot reach the CalDAV server at {origin}: {reason}.": "Không kết nối được máy chủ CalDAV {origin}: {reason}.",
    "connection refused": "kết nối bị từ chối",
    "name or service not known": "không tìm thấy tên máy chủ",
    "timed out": "hết thời gian chờ",
    "certificate verify failed": "không xác minh được chứng chỉ",
    "There is no calendar at {url} (HTTP 404).": "Không có lịch nào tại {url} (HTTP 404).",
    "Check the URL: it must name a calendar collection, e.g. …/user/tasks/.":
        "Hãy kiểm tra địa chỉ: địa chỉ phải trỏ tới một lịch, ví dụ …/user/tasks/.",
    "The server answered {request} at {url} with HTTP {status}.":
        "Máy chủ trả lời yêu cầu {request} tại {url} bằng HTTP {status}.",
    "Check that the URL is a CalDAV calendar.": "Hãy kiểm tra địa chỉ có đúng là lịch CalDAV không.",
    "{url} is not a calendar.": "{url} không phải là lịch.",
    "Give the address of a calendar (task list) collection, not of a user or a server, e.g. …/user/tasks/; "
    "`tracker sync --list {url}` shows the calendars of the account.":
        "Hãy cho địa chỉ của một lịch (danh sách công việc), không phải của người dùng hay máy chủ, ví dụ "
        "…/user/tasks/; `tracker sync --list {url}` liệt kê các lịch của tài khoản.",
    "The calendar {url} does not accept tasks (VTODO), only {kinds}.":
        "Lịch {url} không nhận công việc (VTODO), chỉ nhận {kinds}.",
    "Create a task list on the server and sync to that.":
        "Hãy tạo một danh sách công việc trên máy chủ rồi đồng bộ với danh sách đó.",
    "The server would not create a calendar at {url} (HTTP {status}).":
        "Máy chủ không cho tạo lịch tại {url} (HTTP {status}).",
    "Create the task list in the server's web page or app, or give the URL of one that exists "
    "(`tracker sync --list {origin}/` lists them).":
        "Hãy tạo danh sách công việc trên trang web hoặc ứng dụng của máy chủ, hoặc cho địa chỉ một lịch đã có "
        "(`tracker sync --list {origin}/` liệt kê các lịch).",
    "No calendars were found for the account at {url}.": "Không tìm thấy lịch nào của tài khoản tại {url}.",
    "Give the address of the user's principal or calendar home, e.g. https://host/user/.":
        "Hãy cho địa chỉ tài khoản (principal) hoặc thư mục lịch của người dùng, ví dụ https://host/user/.",
    "The server refused to list {url}.": "Máy chủ từ chối liệt kê {url}.",
    "Check the server's log.": "Hãy xem nhật ký của máy chủ.",
    "The server refused to store {href} (HTTP {status}).": "Máy chủ từ chối lưu {href} (HTTP {status}).",
    "Check the server's log and free space; run sync again to resume.":
        "Hãy xem nhật ký và dung lượng trống của máy chủ; chạy lại lệnh đồng bộ để tiếp tục.",

    # -- ics.py: calendar files ----------------------------------------------------------------------
    "Unknown calendar kind {kind}.": "Không rõ loại lịch {kind}.",
    "Use --kind events, todos or both.": "Hãy dùng --kind events, todos hoặc both.",
    "--alarm {days} is not a number of days before the deadline.": "--alarm {days} không phải số ngày trước hạn.",
    "Give a whole number of days from 0 to 3650, e.g. --alarm 14.":
        "Hãy cho một số nguyên ngày từ 0 đến 3650, ví dụ --alarm 14.",
    "Refusing to write outside {folder}: {path}": "Từ chối ghi ra ngoài thư mục {folder}: {path}",

    # -- shared.py: cards deleted from a shared calendar ---------------------------------------------
    "Removed from the shared calendar {calendar} ({at}); `tracker sync URL --restore-deleted` sends it again":
        "Đã bị xoá khỏi lịch chung {calendar} ({at}); `tracker sync URL --restore-deleted` gửi lại",

    # -- sync.py: what a sync did --------------------------------------------------------------------
    "{count} pushed": "{count} gửi lên",
    "{count} updated": "{count} cập nhật",
    "{count} pulled": "{count} tải về",
    "{count} conflicts": "{count} xung đột",
    "{count} unchanged": "{count} không đổi",
    "{count} already on the server": "{count} đã có trên máy chủ",
    "{count} resolved": "{count} đã giải quyết",
    "{count} deleted on the server": "{count} bị xóa trên máy chủ",
    "{count} sent again after deletion": "{count} gửi lại sau khi bị xóa",
    "{count} to retry next sync": "{count} sẽ thử lại ở lần đồng bộ sau",
    "{count} HTTP request": "{count} yêu cầu HTTP",
    "{count} HTTP requests": "{count} yêu cầu HTTP",
    "Would sync {calendar}: {parts} ({requests}, {seconds} s).":
        "Sẽ đồng bộ {calendar}: {parts} ({requests}, {seconds} giây).",
    "Synced {calendar}: {parts} ({requests}, {seconds} s).": "Đã đồng bộ {calendar}: {parts} ({requests}, {seconds} giây).",
    "Would create the calendar {url} on the server. {summary}": "Sẽ tạo lịch {url} trên máy chủ. {summary}",
    "Created the calendar {url} on the server. {summary}": "Đã tạo lịch {url} trên máy chủ. {summary}",
    "--prefer {side} is not a side.": "--prefer {side} không phải một bên.",
    "Use --prefer local or --prefer server.": "Hãy dùng --prefer local hoặc --prefer server.",
    "{hint} {recorded}": "{hint} {recorded}",
    "Nothing was changed in the local database.": "Chưa có gì thay đổi trong cơ sở dữ liệu trên máy này.",
    "Recorded here before the failure: {pulled} changes pulled from the server and {sent} cards sent to it ({new} "
    "new, {updated} updated); {left} not sent yet. Run sync again to resume.":
        "Đã ghi ở máy này trước khi gặp lỗi: {pulled} thay đổi tải về từ máy chủ và {sent} thẻ gửi lên ({new} mới, "
        "{updated} cập nhật); {left} thẻ chưa gửi. Chạy lại lệnh đồng bộ để tiếp tục.",
}
