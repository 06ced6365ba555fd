"""Vietnamese for the command-line messages: English template -> Vietnamese template (same {fields})."""

VI: dict[str, str] = {
    # The error boundary (app.py) and click's own errors (options.py).
    "Error: {message}": "Lỗi: {message}",
    "Error: unexpected {kind}: {detail}": "Lỗi: lỗi ngoài dự kiến {kind}: {detail}",
    "This is a bug in the tracker; run again with TRACKER_DEBUG=1 for details and report it.":
        "Đây là lỗi của chương trình; chạy lại với TRACKER_DEBUG=1 để xem chi tiết và báo lại.",
    "{message}\n{hint}": "{message}\n{hint}",
    "The language {lang!r} ({source}) is not one the tracker speaks.":
        "Ngôn ngữ {lang!r} ({source}) không được chương trình hỗ trợ.",
    "Use vi or en.": "Hãy dùng vi hoặc en.",
    "{zone!r} ({source}) is not a time zone.": "{zone!r} ({source}) không phải là múi giờ.",
    "Use an IANA name such as Asia/Ho_Chi_Minh or an offset such as +07:00.":
        "Hãy dùng tên IANA như Asia/Ho_Chi_Minh hoặc độ lệch như +07:00.",
    "{value!r} is not a date; write it as YYYY-MM-DD (2014-06-30), DD/MM/YYYY, or today, yesterday, eom, eoq, "
    "eoy, +14d, -2w.":
        "{value!r} không phải là ngày; hãy viết theo dạng YYYY-MM-DD (2014-06-30), DD/MM/YYYY, hoặc today/hôm nay, "
        "yesterday/hôm qua, eom, eoq, eoy, +14d, -2w.",
    "{path} does not exist.": "{path} không tồn tại.",

    # click's own error texts, looked up through its gettext hooks (app.py).
    "Usage:": "Cách dùng:",
    "Try '{command} {option}' for help.": "Chạy '{command} {option}' để xem trợ giúp.",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tuỳ chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu lệnh.",
    "No such option {name!r}.": "Không có tuỳ chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải là một trong {choices}.",
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các đối số ({args})",
    "Option {name!r} requires an argument.": "Tuỳ chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tuỳ chọn {name!r} cần {nargs} giá trị.",
    "Option {name!r} does not take a value.": "Tuỳ chọn {name!r} không nhận giá trị.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là giá trị {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "Aborted!": "Đã huỷ!",
    "{paths} do not exist.": "Các đường dẫn sau không tồn tại: {paths}.",

    # Counts and lists (words.py).
    "1 card": "1 thẻ",
    "{count} cards": "{count} thẻ",
    "{first} {second}": "{first} {second}",
    "{first}, {second}": "{first}, {second}",
    "yes": "có",
    "no": "không",

    # Table headers, `tracker show` labels.
    "ID": "Mã",
    "Status": "Trạng thái",
    "Due": "Hạn",
    "Time": "Thời gian",
    "Lead": "Chủ trì",
    "Support": "Phối hợp",
    "Content": "Nội dung",
    "Plan": "Kế hoạch",
    "Number": "Số",
    "Section": "Mục",
    "Notes": "Chú thích",
    "Deadline": "Hạn",
    "Note": "Ghi chú",
    "Source": "Nguồn",
    "Updated": "Cập nhật lúc",
    "Archived": "Đã lưu trữ",
    "Edited by hand": "Sửa tay",
    "Shared calendar": "Lịch dùng chung",
    "History:": "Lịch sử:",
    "Agency": "Cơ quan",
    "Cards": "Số thẻ",
    "Collective": "Tập thể",
    "Province": "Tỉnh",
    "Date": "Ngày",
    "Todo": "Chưa bắt đầu",
    "Doing": "Đang thực hiện",
    "Done": "Hoàn thành",
    "Setting": "Thiết lập",
    "Value": "Giá trị",
    "From": "Lấy từ",
    "Set": "Nhóm",
    "At": "Lúc",
    "Action": "Thao tác",
    "By": "Người thực hiện",
    "Via": "Qua",
    "Summary": "Tóm tắt",
    "Undone by": "Hoàn tác bởi nhóm",
    "Fields": "Trường",
    "Here": "Ở đây",
    "Server": "Máy chủ",
    "Found": "Phát hiện lúc",
    "URL": "URL",
    "Name": "Tên",
    "Holds": "Chứa",
    "Tasks": "Nhiệm vụ",
    "… and {count} more (--format json|jsonl|csv lists them all).":
        "… và {count} thẻ nữa (--format json|jsonl|csv liệt kê tất cả).",

    # list, show, agencies, plans (cards_cmd.py).
    "{cards} ({filters}).": "{cards} ({filters}).",
    "The database has no cards yet. Import plans with: tracker import plans/":
        "Cơ sở dữ liệu chưa có thẻ nào. Hãy nhập kế hoạch bằng: tracker import plans/",
    "No card matches {filters}.": "Không có thẻ nào khớp với {filters}.",
    "added by hand by {by}": "{by} thêm tay",
    "added by hand": "thêm tay",
    "No agencies yet: import plans with `tracker import plans/`.":
        "Chưa có cơ quan nào: hãy nhập kế hoạch bằng `tracker import plans/`.",
    "No plans yet: import them with `tracker import plans/`.":
        "Chưa có kế hoạch nào: hãy nhập bằng `tracker import plans/`.",

    # History: channels, fields, actions, one sentence per event, a change set's summary (words.py).
    "the command line": "dòng lệnh",
    "the board": "bảng Kanban",
    "calendar sync": "đồng bộ lịch",
    "plan import": "nhập kế hoạch",
    "the content": "nội dung",
    "the lead agencies": "cơ quan chủ trì",
    "the coordinating agencies": "cơ quan phối hợp",
    "the lead agencies as written": "cơ quan chủ trì (nguyên văn)",
    "the coordinating agencies as written": "cơ quan phối hợp (nguyên văn)",
    "the time": "thời gian",
    "the deadline": "hạn",
    "the note": "ghi chú",
    "the remarks": "chú thích",
    "the section": "mục",
    "the number": "số thứ tự",
    "the plan": "kế hoạch",
    "the status": "trạng thái",
    "the archiving": "lưu trữ",
    "the fields edited by hand": "các trường sửa tay",
    "the other columns": "các cột khác",
    "the source": "nguồn",
    "the origin in the plan body": "nguồn gốc trong thân kế hoạch",
    "move": "chuyển cột",
    "bulk move": "chuyển hàng loạt",
    "apply a file": "áp dụng tệp",
    "undo": "hoàn tác",
    "add a card": "thêm thẻ",
    "edit": "sửa thẻ",
    "archive": "lưu trữ",
    "restore": "khôi phục",
    "progress report": "báo cáo tiến độ",
    "note": "ghi chú",
    "Status changed from {old} to {new}": "Chuyển trạng thái từ {old} sang {new}",
    "{change} (done on {day})": "{change} (thực hiện ngày {day})",
    "Card archived": "Đưa thẻ vào lưu trữ",
    "Card restored": "Khôi phục thẻ từ lưu trữ",
    "Updated {field} from the plan: {old} → {new}": "Cập nhật {field} theo kế hoạch: {old} → {new}",
    "Calendar sync changed {field}: {old} → {new}": "Đồng bộ lịch đổi {field}: {old} → {new}",
    "Edited {field}: {old} → {new}": "Sửa {field}: {old} → {new}",
    "Created by importing {file}": "Tạo thẻ khi nhập {file}",
    "Added by hand: {content}": "Thêm tay: {content}",
    "Card created": "Tạo thẻ",
    "Removed by undoing change set {id}": "Gỡ bỏ khi hoàn tác nhóm thay đổi {id}",
    "Card deleted": "Xoá thẻ",
    "Progress report withdrawn by an undo: {note}": "Rút lại báo cáo tiến độ do hoàn tác: {note}",
    "Withdrawn by an undo: {note}": "Rút lại do hoàn tác: {note}",
    "Reported progress on {day}": "Báo cáo tiến độ ngày {day}",
    "Reported progress": "Báo cáo tiến độ",
    "Synced with the calendar": "Đồng bộ với lịch",
    "{kind}": "{kind}",
    "{at}  {what} by {by} via {via}": "{at}  {what}, do {by} thực hiện qua {via}",
    "{at}  {what} via {via}": "{at}  {what}, qua {via}",
    "{at}  {what} by {by}": "{at}  {what}, do {by} thực hiện",
    "{at}  {what}": "{at}  {what}",
    "{line} — {note}": "{line} — {note}",
    "Applied updates to {cards}": "Áp dụng tệp cập nhật cho {cards}",
    "Applied updates: {cards} to {status}": "Áp dụng tệp cập nhật: {cards} sang {status}",
    "Changed {cards}": "Thay đổi {cards}",
    "Moved {cards} to {status}": "Chuyển {cards} sang {status}",
    "Bulk moved {cards} to {status}": "Chuyển hàng loạt {cards} sang {status}",
    "Undid change set {id}": "Hoàn tác nhóm thay đổi {id}",
    "Plan import: {cards} new or updated": "Nhập kế hoạch: {cards} mới hoặc được cập nhật",
    "Added {id}": "Thêm thẻ {id}",
    "Edited {fields} of {id}": "Sửa {fields} của thẻ {id}",
    "Archived {cards}: {ids}": "Lưu trữ {cards}: {ids}",
    "Restored {cards}: {ids}": "Khôi phục {cards}: {ids}",
    "Progress on {id} ({day})": "Tiến độ của thẻ {id} ({day})",
    "Note of {id}": "Ghi chú của thẻ {id}",
    "Calendar sync: {cards}": "Đồng bộ lịch: {cards}",
    "{summary} ({detail})": "{summary} ({detail})",
    "{summary} (change set {id}). Undo with `tracker undo`.":
        "{summary} (nhóm thay đổi {id}). Hoàn tác bằng `tracker undo`.",

    # move, bulk, apply, undo, history (status_cmd.py).
    "`-` reads ids from standard input, but nothing is piped in.":
        "`-` đọc mã thẻ từ đầu vào chuẩn, nhưng không có gì được chuyển vào.",
    "No ids were given (standard input was empty).": "Không có mã thẻ nào (đầu vào chuẩn trống).",
    "Nothing changed: every card was already in that column.": "Không có gì thay đổi: mọi thẻ đều đã ở cột đó.",
    "bulk without filters would move every card; add filters or --yes.":
        "bulk không có bộ lọc sẽ chuyển mọi thẻ; hãy thêm bộ lọc hoặc --yes.",
    "Would move {cards} ({filters}); nothing changed.": "Sẽ chuyển {cards} ({filters}); chưa có gì thay đổi.",
    "No card to move ({filters}).": "Không có thẻ nào để chuyển ({filters}).",
    "Move {count} cards to {status}?": "Chuyển {count} thẻ sang {status}?",
    "standard input": "đầu vào chuẩn",
    "{name} has no rows; nothing changed.": "{name} không có dòng nào; không có gì thay đổi.",
    "All {count} rows were already true; nothing changed.":
        "Cả {count} dòng đều đã đúng như vậy; không có gì thay đổi.",
    "from {count} rows": "từ {count} dòng",
    "Undid change set {id} from {at} ({action}, {cards}): {summary}":
        "Đã hoàn tác nhóm thay đổi {id} lúc {at} ({action}, {cards}): {summary}",
    "No history yet.": "Chưa có lịch sử thay đổi.",

    # add, edit, archive, restore, progress (edit_cmd.py).
    "Warning: {warning}": "Cảnh báo: {warning}",
    "Deadline: {deadline}": "Hạn: {deadline}",
    "Added {id} to {plan}. Undo with `tracker undo`.":
        "Đã thêm thẻ {id} vào kế hoạch {plan}. Hoàn tác bằng `tracker undo`.",
    "--support and --clear-support contradict each other; use one.":
        "--support và --clear-support mâu thuẫn nhau; chỉ dùng một trong hai.",
    "Nothing changed: {id} already has those values.": "Không có gì thay đổi: thẻ {id} đã có đúng các giá trị đó.",
    "Nothing changed: every card was already archived.": "Không có gì thay đổi: mọi thẻ đều đã được lưu trữ.",
    "Nothing changed: none of these cards was archived.":
        "Không có gì thay đổi: không thẻ nào trong số này đang được lưu trữ.",
    "Recorded progress on {id} from {by} ({day}) in change set {set}. Undo with `tracker undo`.":
        "Đã ghi tiến độ của thẻ {id} do {by} báo cáo ({day}) vào nhóm thay đổi {set}. Hoàn tác bằng `tracker undo`.",
    "Recorded progress on {id} ({day}) in change set {set}. Undo with `tracker undo`.":
        "Đã ghi tiến độ của thẻ {id} ({day}) vào nhóm thay đổi {set}. Hoàn tác bằng `tracker undo`.",

    # export ics (export_cmd.py).
    "1 calendar": "1 lịch",
    "{count} calendars": "{count} lịch",
    "1 event": "1 sự kiện",
    "{count} events": "{count} sự kiện",
    "1 to-do": "1 việc cần làm",
    "{count} to-dos": "{count} việc cần làm",
    "Cannot write {path}: {reason}.": "Không ghi được {path}: {reason}.",
    "Choose another place (-o FILE or --per-agency DIR) or make the folder writable.":
        "Hãy chọn nơi khác (-o FILE hoặc --per-agency DIR) hoặc cấp quyền ghi cho thư mục.",
    "-o and --per-agency cannot be used together.": "Không thể dùng -o cùng với --per-agency.",
    "Use -o FILE for one calendar or --per-agency DIR for one file per agency.":
        "Dùng -o FILE để ghi một lịch, hoặc --per-agency DIR để ghi mỗi cơ quan một tệp.",
    "The database has no cards yet, so there is nothing to export.":
        "Cơ sở dữ liệu chưa có thẻ nào nên không có gì để xuất.",
    "Import plans first: tracker import plans/": "Hãy nhập kế hoạch trước: tracker import plans/",
    "No card matches {filters}; the calendar will be empty.": "Không có thẻ nào khớp với {filters}; lịch sẽ trống.",
    "Wrote {calendars} ({events}) to {folder}; the list is in {index}.":
        "Đã ghi {calendars} ({events}) vào {folder}; danh sách nằm trong {index}.",
    "Wrote {events} and {todos} to stdout.": "Đã ghi {events} và {todos} ra đầu ra chuẩn.",
    "Wrote {events} and {todos} to {path}": "Đã ghi {events} và {todos} vào {path}",

    # report, remind (report_cmd.py).
    "--as-of {as_of} and --today {today} disagree.": "--as-of {as_of} và --today {today} không khớp nhau.",
    "They mean the same cut-off date: give only one of them.":
        "Hai tuỳ chọn này cùng chỉ ngày chốt số liệu: chỉ dùng một trong hai.",
    "{path} is a folder.": "{path} là một thư mục.",
    "Give -o a file name, e.g. -o exports/report.xlsx": "Hãy cho -o một tên tệp, ví dụ -o exports/report.xlsx",
    "Cannot write the report to {path}: {reason}.": "Không ghi được báo cáo vào {path}: {reason}.",
    "Choose a writable place with -o, e.g. -o exports/report.docx":
        "Hãy chọn nơi ghi được bằng -o, ví dụ -o exports/report.docx",
    "Wrote the report ({count} tasks, as of {day}) to {path}.":
        "Đã ghi báo cáo ({count} nhiệm vụ, tính đến ngày {day}) vào {path}.",
    "A table is for the terminal.": "Dạng bảng chỉ để xem trên màn hình dòng lệnh.",
    "To write a file choose --format csv, md, html, xlsx or docx.":
        "Để ghi ra tệp, hãy chọn --format csv, md, html, xlsx hoặc docx.",
    "Wrote the report to {path}.": "Đã ghi báo cáo vào {path}.",
    "{agencies} agencies to chase: {overdue} overdue and {soon} due within {days} days, as of {day}.":
        "{agencies} cơ quan cần đôn đốc: {overdue} nhiệm vụ quá hạn và {soon} nhiệm vụ đến hạn trong {days} ngày tới, "
        "tính đến ngày {day}.",

    # The board's start (board_cmd.py: its editor wraps these three in msg()).
    "No database at {db}: importing the {count} plans in ./plans/ first.":
        "Chưa có cơ sở dữ liệu tại {db}: nhập trước {count} kế hoạch trong ./plans/.",
    "No database at {db} and no plans in ./plans/. Import a plan with: tracker import PATH":
        "Chưa có cơ sở dữ liệu tại {db} và không có kế hoạch nào trong ./plans/. Hãy nhập một kế hoạch bằng: "
        "tracker import PATH",
    "Not a terminal: listing the cards instead of opening the board.":
        "Không chạy trong cửa sổ dòng lệnh: liệt kê các thẻ thay vì mở bảng Kanban.",

    # config (config_cmd.py).
    "option": "tuỳ chọn dòng lệnh",
    "default": "mặc định",
    "environment ({variable})": "biến môi trường {variable}",
    "config file ({path})": "tệp cấu hình {path}",
    "clock in {zone}": "đồng hồ theo múi giờ {zone}",
    "Config file: {path}": "Tệp cấu hình: {path}",
    "Config file: {path} (not there: built-in defaults are used).":
        "Tệp cấu hình: {path} (không có tệp này: dùng các giá trị mặc định).",

    # sync (sync_cmd.py).
    "No password was given for the CalDAV user {user}.": "Chưa có mật khẩu cho người dùng CalDAV {user}.",
    "Give it with --password-file FILE, the TRACKER_CALDAV_PASSWORD environment variable, or --password (sync asks "
    "for it only on a terminal).":
        "Hãy cho mật khẩu bằng --password-file FILE, biến môi trường TRACKER_CALDAV_PASSWORD, hoặc --password (sync "
        "chỉ hỏi mật khẩu khi chạy trong cửa sổ dòng lệnh).",
    "Password for {user}": "Mật khẩu của {user}",
    "Give the password once: --password or --password-file, not both.":
        "Chỉ cho mật khẩu một lần: --password hoặc --password-file, không dùng cả hai.",
    "Cannot read the password file {path}: {reason}.": "Không đọc được tệp mật khẩu {path}: {reason}.",
    "Check the path and its permissions.": "Hãy kiểm tra đường dẫn và quyền truy cập.",
    "Pushed {done}/{total}…": "Đã gửi {done}/{total}…",
    "Which calendar? No URL was given and none is configured.":
        "Lịch nào? Chưa có URL nào được cho và cũng chưa có trong cấu hình.",
    "Give it: tracker sync https://dav.example.vn/user/tasks/ (or set TRACKER_CALDAV_URL, or url under [caldav] in "
    "the config file).":
        "Hãy cho URL: tracker sync https://dav.example.vn/user/tasks/ (hoặc đặt TRACKER_CALDAV_URL, hoặc url trong "
        "mục [caldav] của tệp cấu hình).",
    "{count} conflicts with {url}. Settle them with --prefer local|server.":
        "{count} xung đột với {url}. Giải quyết bằng --prefer local|server.",
    "{count} conflicts with {url}.": "{count} xung đột với {url}.",
    "{count} calendars at {url}, {tasks} of them hold tasks: sync with one of their URLs.":
        "Có {count} lịch tại {url}, trong đó {tasks} lịch chứa nhiệm vụ: hãy đồng bộ với URL của một lịch.",
    "{count} cards changed on both sides were left as they are: see `tracker sync URL --conflicts`, then settle "
    "with --prefer local|server.":
        "{count} thẻ thay đổi ở cả hai phía được giữ nguyên: xem `tracker sync URL --conflicts`, rồi giải quyết bằng "
        "--prefer local|server.",
    "{count} cards changed here were deleted from the shared calendar and were not sent ({ids}): `tracker sync URL "
    "--restore-deleted` sends them again.":
        "{count} thẻ thay đổi ở đây đã bị xoá khỏi lịch dùng chung nên không được gửi ({ids}): "
        "`tracker sync URL --restore-deleted` sẽ gửi lại.",

    # -- db_cmd.py -------------------------------------------------------------------------------------
    "Removed {count} files no longer needed.": "Đã xoá {count} tệp không còn cần.",
    "Wrote {count} recent status changes into their card files.":
        "Đã ghi {count} thay đổi trạng thái gần đây vào các tệp thẻ.",
    "{cards} cards of {plans} plans in {files} card files; {sets} change sets with {events} events in the journal "
    "({size} bytes).":
        "{cards} thẻ của {plans} kế hoạch trong {files} tệp thẻ; {sets} lần thay đổi với {events} sự kiện trong nhật ký "
        "({size} byte).",
    "The database {path} is damaged: {count} problems found.": "Cơ sở dữ liệu {path} bị hỏng: tìm thấy {count} lỗi.",
    "Restore the database and its folder {folder} from a backup, or import the plans again into a new database.":
        "Khôi phục cơ sở dữ liệu và thư mục {folder} của nó từ bản sao dự phòng, hoặc nhập lại các kế hoạch vào một cơ sở "
        "dữ liệu mới.",
    "The database is whole.": "Cơ sở dữ liệu nguyên vẹn.",
    "Archived {sets} change sets ({events} events) to {archive}; the journal kept {kept} ({before} → {after} bytes).":
        "Đã lưu trữ {sets} lần thay đổi ({events} sự kiện) vào {archive}; nhật ký giữ lại {kept} ({before} → {after} byte).",
    "The journal ends with {size} bytes a crashed change left; the next change cuts them off.":
        "Cuối nhật ký có {size} byte do một lần thay đổi bị gián đoạn để lại; lần thay đổi sau sẽ cắt bỏ.",
    "Left over (no head names it; `tracker db compact` removes it): {name}":
        "Tệp thừa (tệp chính không dùng đến; `tracker db compact` sẽ xoá): {name}",
    "Damaged: {problem}": "Hỏng: {problem}",
    "No change set was recorded before {day}; the journal is as it was.":
        "Không có lần thay đổi nào trước {day}; nhật ký giữ nguyên.",
}
