"""Vietnamese for the core messages (store, services, editing, importer, reports, config): English
template -> Vietnamese template (same {fields})."""

VI: dict[str, str] = {
    # -- errors.py: an error with its fix, and lists of messages (tracker.errors.joined) -------------
    "{message}\n{hint}": "{message}\n{hint}",
    "{a}, {b}": "{a}, {b}",
    "{a}; {b}": "{a}; {b}",
    "{a} {b}": "{a} {b}",
    "{a}\n{b}": "{a}\n{b}",
    "{a}\n  {b}": "{a}\n  {b}",
    "{a} · {b}": "{a} · {b}",
    "{a} or {b}": "{a} hoặc {b}",

    # -- store.py ------------------------------------------------------------------------------------
    "No card has the id {id}.": "Không có thẻ nào mã {id}.",
    "No card with id {id}.": "Không có thẻ nào mã {id}.",
    "Run `tracker list` to see the ids.": "Chạy `tracker list` để xem các mã thẻ.",
    "Cannot read the database {path}: {reason}.": "Không đọc được cơ sở dữ liệu {path}: {reason}.",
    "Check the file's permissions or choose another file with --db.":
        "Kiểm tra quyền truy cập tệp hoặc chọn tệp khác bằng --db.",
    "The database {path} is read-only (no write permission on the file); nothing was changed.":
        "Cơ sở dữ liệu {path} chỉ đọc (không có quyền ghi vào tệp); chưa có gì thay đổi.",
    "Make it writable (chmod u+w {path}) if changes are meant, or keep using it read-only.":
        "Nếu muốn thay đổi, hãy cấp quyền ghi (chmod u+w {path}); hoặc tiếp tục dùng ở chế độ chỉ đọc.",
    "Cannot write the database {path}: {reason}.": "Không ghi được cơ sở dữ liệu {path}: {reason}.",
    "Make sure the folder {folder} exists and is writable, or choose another file with --db.":
        "Kiểm tra thư mục {folder} có tồn tại và ghi được không, hoặc chọn tệp khác bằng --db.",
    "The last good copy is {backup}.": "Bản sao tốt gần nhất là {backup}.",
    "There is no backup copy.": "Không có bản sao dự phòng.",
    "Restore it (copy {backup} over {path}) or move the damaged file away; the tracker will not overwrite it.":
        "Hãy khôi phục (chép {backup} đè lên {path}) hoặc chuyển tệp hỏng đi nơi khác; chương trình sẽ không "
        "ghi đè lên nó.",
    "Move the damaged file away (the tracker will not overwrite it) and import the plans again into a new {name}.":
        "Chuyển tệp hỏng đi nơi khác (chương trình sẽ không ghi đè lên nó) rồi nhập lại các kế hoạch vào một "
        "tệp {name} mới.",
    "The database {path} is empty. {backup}": "Cơ sở dữ liệu {path} trống. {backup}",
    "The database {path} is not valid JSON ({detail}); it may be truncated. {backup}":
        "Cơ sở dữ liệu {path} không phải JSON hợp lệ ({detail}); có thể tệp bị cắt cụt. {backup}",
    "The file {path} is JSON but not a tracker database (no _meta record). {backup}":
        "Tệp {path} là JSON nhưng không phải cơ sở dữ liệu của chương trình (không có bản ghi _meta). {backup}",
    "The database {path} has a damaged '{table}' table. {backup}":
        "Cơ sở dữ liệu {path} có bảng '{table}' bị hỏng. {backup}",
    "The database {path} is damaged: {problem}. {backup}": "Cơ sở dữ liệu {path} bị hỏng: {problem}. {backup}",
    "the _meta record is not an object": "bản ghi _meta không phải một đối tượng",
    "_meta.{counter} is {value}, not a whole number": "_meta.{counter} là {value}, không phải số nguyên",
    "card record {key} has no id": "bản ghi thẻ {key} không có mã",
    "the card id {card} is there twice (records would hide each other)":
        "mã thẻ {card} xuất hiện hai lần (các bản ghi sẽ che lấp nhau)",
    "card {card} has the unknown status {status}": "thẻ {card} có trạng thái không xác định {status}",
    "card {card}: {field} is {type}, not text": "thẻ {card}: {field} là {type}, không phải văn bản",
    "card {card}: {field} is not a list of names": "thẻ {card}: {field} không phải danh sách tên",
    "card {card}: {field} is not an object": "thẻ {card}: {field} không phải một đối tượng",
    "card {card}: sequence is not a whole number": "thẻ {card}: sequence không phải số nguyên",
    "plan record {key} has no key": "bản ghi kế hoạch {key} không có khóa",
    "{table} record {key} is damaged": "bản ghi {key} của bảng {table} bị hỏng",
    "events record {key} names no card": "bản ghi lịch sử {key} không gắn với thẻ nào",
    "a record has fields of the wrong type": "một bản ghi có trường sai kiểu dữ liệu",
    "The folder {folder} of the database does not exist.": "Thư mục {folder} chứa cơ sở dữ liệu không tồn tại.",
    "Create it (mkdir -p {folder}) or point --db / TRACKER_DB at another file.":
        "Hãy tạo thư mục (mkdir -p {folder}) hoặc trỏ --db / TRACKER_DB tới tệp khác.",
    "The database {path} is locked by another tracker process (waited {seconds} s).":
        "Cơ sở dữ liệu {path} đang bị một tiến trình khác của chương trình khóa (đã chờ {seconds} giây).",
    "Wait for the other command or board to finish saving and try again.":
        "Chờ lệnh hoặc bảng kia lưu xong rồi thử lại.",
    "Cannot create the lock file beside {path}: the folder is not writable.":
        "Không tạo được tệp khóa cạnh {path}: thư mục không ghi được.",
    "Make {folder} writable or choose another file with --db.":
        "Hãy cấp quyền ghi cho {folder} hoặc chọn tệp khác bằng --db.",
    "The database {path} was written by a newer tracker (schema {version}, this one knows {known}).":
        "Cơ sở dữ liệu {path} do phiên bản mới hơn của chương trình ghi (lược đồ {version}, phiên bản này chỉ "
        "biết {known}).",
    "It is open read-only; upgrade the tracker to change it.":
        "Cơ sở dữ liệu được mở ở chế độ chỉ đọc; hãy nâng cấp chương trình để thay đổi nó.",

    # -- services.py ---------------------------------------------------------------------------------
    "The id {id} is ambiguous: it starts {count} card ids.": "Mã {id} chưa rõ ràng: có {count} mã thẻ bắt đầu như vậy.",
    "Type more of the id. Candidates: {ids}": "Hãy gõ thêm phần còn lại của mã. Các mã phù hợp: {ids}",
    "Did you mean: {ids}?": "Có phải ý bạn là: {ids}?",
    "--on {day} is after today ({today}).": "--on {day} là sau hôm nay ({today}).",
    "Give the day the work was really done: today or earlier.":
        "Hãy cho ngày công việc thực sự được làm: hôm nay hoặc trước đó.",
    "The card {id} is archived.": "Thẻ {id} đã được lưu trữ.",
    "Restore it first: tracker restore {id}": "Hãy khôi phục thẻ trước: tracker restore {id}",
    "line {line}: the id is empty.": "dòng {line}: mã thẻ để trống.",
    "line {line}: {message} {hint}": "dòng {line}: {message} {hint}",
    "line {line}: {message}": "dòng {line}: {message}",
    "line {line}: the card {id} already appears on line {first}.": "dòng {line}: thẻ {id} đã có ở dòng {first}.",
    "line {line}: the card {id} is archived; restore it first.":
        "dòng {line}: thẻ {id} đã được lưu trữ; hãy khôi phục thẻ trước.",
    "line {line}: the date {date} is not a date; write 2014-06-30.":
        "dòng {line}: {date} không phải là ngày; hãy viết dạng 2014-06-30.",
    "{count} of {total} rows are invalid; nothing was changed:\n  {problems}":
        "{count} trong {total} dòng không hợp lệ; chưa có gì thay đổi:\n  {problems}",
    "Fix these rows and run apply again.": "Hãy sửa các dòng này rồi chạy lại apply.",
    "There is nothing to undo.": "Không có gì để hoàn tác.",
    "Every earlier change has already been undone.": "Mọi thay đổi trước đó đều đã được hoàn tác.",
    "No plan in the database matches {word}.": "Không có kế hoạch nào trong cơ sở dữ liệu khớp với {word}.",
    "No plan in the database matches {word}. Did you mean: {closest}?":
        "Không có kế hoạch nào trong cơ sở dữ liệu khớp với {word}. Có phải ý bạn là: {closest}?",
    "No agency in the database matches {word}.": "Không có cơ quan nào trong cơ sở dữ liệu khớp với {word}.",
    "No agency in the database matches {word}. Did you mean: {closest}?":
        "Không có cơ quan nào trong cơ sở dữ liệu khớp với {word}. Có phải ý bạn là: {closest}?",
    "Nothing was changed. Check the spelling (case and diacritics do not matter).":
        "Chưa có gì thay đổi. Hãy kiểm tra chính tả (không phân biệt chữ hoa, chữ thường và dấu).",

    # -- editing.py ----------------------------------------------------------------------------------
    "There is no plan {key}: the database has no plans yet.":
        "Không có kế hoạch {key}: cơ sở dữ liệu chưa có kế hoạch nào.",
    "Import the plan first: tracker import plans/": "Hãy nhập kế hoạch trước: tracker import plans/",
    "The plan key {key} is ambiguous.": "Mã kế hoạch {key} chưa rõ ràng.",
    "Type more of it. Candidates: {keys}": "Hãy gõ thêm. Các kế hoạch phù hợp: {keys}",
    "There is no plan {key}.": "Không có kế hoạch {key}.",
    "Known plans: {keys} (see `tracker plans`).": "Các kế hoạch đã có: {keys} (xem `tracker plans`).",
    "{name} (closest: {closest})": "{name} (gần nhất: {closest})",
    "New lead agency {name}: it is neither in the database nor in the known list.":
        "Cơ quan chủ trì mới {name}: chưa có trong cơ sở dữ liệu cũng như trong danh sách đã biết.",
    "New support agency {name}: it is neither in the database nor in the known list.":
        "Cơ quan phối hợp mới {name}: chưa có trong cơ sở dữ liệu cũng như trong danh sách đã biết.",
    "Unknown lead agencies: {names}.": "Không rõ các cơ quan chủ trì: {names}.",
    "Unknown lead agency: {names}.": "Không rõ cơ quan chủ trì: {names}.",
    "Unknown support agencies: {names}.": "Không rõ các cơ quan phối hợp: {names}.",
    "Unknown support agency: {names}.": "Không rõ cơ quan phối hợp: {names}.",
    "Use a listed name (`tracker agencies` shows them all), or accept it as a new agency with --new-agency.":
        "Hãy dùng một tên có trong danh sách (`tracker agencies` liệt kê tất cả), hoặc chấp nhận nó là cơ quan "
        "mới bằng --new-agency.",
    "No time text: the card has no deadline until one is given.":
        "Chưa có thời gian: thẻ không có hạn cho đến khi được nhập thời gian.",
    "The time text {text} was not understood ({why}): it is kept as written, with deadline kind 'unknown' and "
    "no due date. Write it like {examples} to get a due date.":
        "Không hiểu được thời gian {text} ({why}): giữ nguyên như đã viết, loại hạn 'unknown' (không xác định) và "
        "không có ngày hạn. Hãy viết như {examples} để có ngày hạn.",
    "The time text {text} was not understood: it is kept as written, with deadline kind 'unknown' and no due "
    "date. Write it like {examples} to get a due date.":
        "Không hiểu được thời gian {text}: giữ nguyên như đã viết, loại hạn 'unknown' (không xác định) và không "
        "có ngày hạn. Hãy viết như {examples} để có ngày hạn.",
    "Time text {text}: {warning}": "Thời gian {text}: {warning}",
    "due {date}": "hạn {date}",
    "no due date": "không có ngày hạn",
    "{kind}, {due} ({text})": "{kind}, {due} ({text})",
    "quarter": "quý",
    "month": "tháng",
    "year": "năm",
    "date": "ngày",
    "range": "khoảng thời gian",
    "multi": "nhiều mốc",
    "recurring": "định kỳ",
    "ongoing": "thường xuyên",
    "conditional": "có điều kiện",
    "unknown": "không xác định",
    "The content is empty: a card needs the task text.": "Nội dung để trống: thẻ cần có nội dung nhiệm vụ.",
    'Give it with --content, e.g. --content "Rà soát, đơn giản hóa thủ tục hành chính".':
        'Hãy nhập bằng --content, ví dụ --content "Rà soát, đơn giản hóa thủ tục hành chính".',
    "A new card needs a lead agency.": "Thẻ mới cần có cơ quan chủ trì.",
    'Give it with --lead, e.g. --lead "Sở Nội vụ".': 'Hãy nhập bằng --lead, ví dụ --lead "Sở Nội vụ".',
    "The card {id} is archived; archived cards cannot be changed.":
        "Thẻ {id} đã được lưu trữ; không thể thay đổi thẻ đã lưu trữ.",
    "These fields cannot be edited: {fields}.": "Không thể sửa các trường: {fields}.",
    "Editable fields: {fields}; move cards with `tracker move`.":
        "Các trường sửa được: {fields}; chuyển cột thẻ bằng `tracker move`.",
    "Nothing to edit.": "Không có gì để sửa.",
    "Give at least one of --content, --lead, --support, --time, --note, --section.":
        "Hãy cho ít nhất một trong --content, --lead, --support, --time, --note, --section.",
    "The lead agency cannot be empty.": "Cơ quan chủ trì không được để trống.",
    'Name one, e.g. --lead "Sở Nội vụ".': 'Hãy nêu một cơ quan, ví dụ --lead "Sở Nội vụ".',
    "The plan {key} is no longer in the database.": "Kế hoạch {key} không còn trong cơ sở dữ liệu.",
    "Another user may have undone its import; run `tracker plans`.":
        "Có thể người dùng khác đã hoàn tác lần nhập kế hoạch này; hãy chạy `tracker plans`.",
    "No card ids to archive.": "Không có mã thẻ nào để lưu trữ.",
    "No card ids to restore.": "Không có mã thẻ nào để khôi phục.",
    "Name at least one: tracker {command} ID...": "Hãy nêu ít nhất một mã: tracker {command} MÃ...",
    "The progress note is empty.": "Ghi chú tiến độ để trống.",
    'Say what was reported, e.g. --note "Đã trình UBND tỉnh dự thảo quyết định".':
        'Hãy ghi nội dung đã báo cáo, ví dụ --note "Đã trình UBND tỉnh dự thảo quyết định".',

    # -- apply_file.py -------------------------------------------------------------------------------
    "{name} is UTF-16 encoded.": "{name} được mã hóa UTF-16.",
    "Save it as UTF-8 (CSV UTF-8 in Excel) and run apply again.":
        "Hãy lưu tệp dạng UTF-8 (CSV UTF-8 trong Excel) rồi chạy lại apply.",
    "{name} is not UTF-8 (byte {byte} cannot be decoded).": "{name} không phải UTF-8 (không giải mã được byte {byte}).",
    "{name} is a binary file, not CSV or JSON lines.": "{name} là tệp nhị phân, không phải CSV hay JSON lines.",
    "Give a CSV or JSON lines file.": "Hãy cho một tệp CSV hoặc JSON lines.",
    "{name} is empty.": "{name} trống.",
    "Give a CSV with the header id,status[,note][,by][,date] or JSON lines.":
        "Hãy cho một tệp CSV có dòng tiêu đề id,status[,note][,by][,date] hoặc JSON lines.",
    "{name} line {line} is empty; skipped.": "{name} dòng {line} trống; đã bỏ qua.",
    "line {line}: not valid JSON ({detail}).": "dòng {line}: không phải JSON hợp lệ ({detail}).",
    'line {line}: expected an object like {{"id": …, "status": …}}.':
        'dòng {line}: cần một đối tượng dạng {{"id": …, "status": …}}.',
    "line {line}: missing {fields}.": "dòng {line}: thiếu {fields}.",
    "{name} has the header {header}; expected id,status[,note][,by][,date].":
        "{name} có dòng tiêu đề {header}; cần id,status[,note][,by][,date].",
    "Put the header id,status (optionally note, by and date) on the first line, separated by commas, semicolons "
    "or tabs.":
        "Hãy đặt dòng tiêu đề id,status (có thể thêm note, by và date) ở dòng đầu tiên, phân cách bằng dấu phẩy, "
        "dấu chấm phẩy hoặc tab.",
    "line {line}: {cells} cells but the header has {width} (quote cells that contain commas).":
        "dòng {line}: có {cells} ô nhưng dòng tiêu đề có {width} (hãy đặt ô chứa dấu phẩy trong ngoặc kép).",
    "{name} has no header.": "{name} không có dòng tiêu đề.",
    "Put the header id,status[,note][,by][,date] on the first line.":
        "Hãy đặt dòng tiêu đề id,status[,note][,by][,date] ở dòng đầu tiên.",
    "{name} was read as CSV separated by semicolons.": "{name} được đọc như CSV phân cách bằng dấu chấm phẩy.",
    "{name} was read as CSV separated by tabs.": "{name} được đọc như CSV phân cách bằng tab.",
    "{name}: {count} rows cannot be read; nothing was changed:\n  {problems}":
        "{name}: {count} dòng không đọc được; chưa có gì thay đổi:\n  {problems}",

    # -- config.py -----------------------------------------------------------------------------------
    "The config file {path} named by {env} does not exist.": "Tệp cấu hình {path} do {env} chỉ định không tồn tại.",
    "Create it or unset {env}.": "Hãy tạo tệp đó hoặc bỏ đặt {env}.",
    "Cannot read the config file {path}: {detail}.": "Không đọc được tệp cấu hình {path}: {detail}.",
    "Check its permissions and encoding.": "Hãy kiểm tra quyền truy cập và bảng mã của tệp.",
    "The config file {path} is not valid TOML: {detail}.": "Tệp cấu hình {path} không phải TOML hợp lệ: {detail}.",
    'Write settings as name = "value", for example lang = "vi".':
        'Hãy viết các thiết lập dạng tên = "giá trị", ví dụ lang = "vi".',
    "The config file {path} has unknown settings: {names}.": "Tệp cấu hình {path} có thiết lập không rõ: {names}.",
    "Known settings: {names}.": "Các thiết lập được hỗ trợ: {names}.",
    "The setting {name} in {path} must be a non-empty string.":
        "Thiết lập {name} trong {path} phải là một chuỗi không rỗng.",
    'Write it as {key} = "…".': 'Hãy viết dạng {key} = "…".',
    "lang = {value} in {path} is not a language of the tracker.":
        "lang = {value} trong {path} không phải ngôn ngữ chương trình hỗ trợ.",
    'Use lang = "vi" or lang = "en".': 'Hãy dùng lang = "vi" hoặc lang = "en".',
    "timezone = {value} in {path} is not a time zone.": "timezone = {value} trong {path} không phải múi giờ.",
    'Use an IANA name such as "Asia/Ho_Chi_Minh" or an offset such as "+07:00".':
        'Hãy dùng tên IANA như "Asia/Ho_Chi_Minh" hoặc độ lệch giờ như "+07:00".',

    # -- filters.py ----------------------------------------------------------------------------------
    "Unknown quarter {text}.": "Không rõ quý {text}.",
    "Write it as YEAR + Q + 1-4, for example 2014Q1.": "Hãy viết dạng NĂM + Q + 1-4, ví dụ 2014Q1.",
    "agency '{name}'": "cơ quan '{name}'",
    "{agencies} (lead)": "{agencies} (chủ trì)",
    "plan {plan}": "kế hoạch {plan}",
    "status {statuses}": "trạng thái {statuses}",
    "not-started": "chưa bắt đầu",
    "in-progress": "đang thực hiện",
    "done": "hoàn thành",
    "quarter {quarter}": "quý {quarter}",
    "due ≥ {day}": "hạn ≥ {day}",
    "due ≤ {day}": "hạn ≤ {day}",
    "overdue": "quá hạn",
    "due this quarter": "đến hạn trong quý này",
    "search '{text}'": "tìm '{text}'",
    "all cards": "mọi thẻ",

    # -- model.py ------------------------------------------------------------------------------------
    "Unknown status {word}.": "Không rõ trạng thái {word}.",
    "Use one of: {words} (Vietnamese words may keep their diacritics).":
        "Hãy dùng một trong: {words} (từ tiếng Việt có thể giữ dấu).",

    # -- reports/model.py, reports/remind.py ---------------------------------------------------------
    "Unknown grouping {by}.": "Không rõ cách nhóm {by}.",
    "Use --by agency, plan or quarter.": "Hãy dùng --by agency, plan hoặc quarter.",
    "Unknown role {role}.": "Không rõ vai trò {role}.",
    "Use --role lead, support or any.": "Hãy dùng --role lead, support hoặc any.",
    "--soon must be zero or more days, not {days}.": "--soon phải là 0 ngày trở lên, không phải {days}.",
    "For example: --soon 14": "Ví dụ: --soon 14",
    "--since {since} is after the cut-off {as_of}.": "--since {since} là sau ngày chốt số liệu {as_of}.",
    "Choose a --since date on or before --as-of.": "Hãy chọn ngày --since bằng hoặc trước --as-of.",
    "--within must be zero or more days, not {days}.": "--within phải là 0 ngày trở lên, không phải {days}.",
    "For example: --within 14": "Ví dụ: --within 14",

    # -- importer: reading files ---------------------------------------------------------------------
    "Open it in Word or a text editor and save it as UTF-8 (Word: File > Save As > Plain Text > Unicode (UTF-8)), "
    "then import it again.":
        "Hãy mở tệp trong Word hoặc trình soạn thảo văn bản và lưu dạng UTF-8 (Word: File > Save As > Plain Text > "
        "Unicode (UTF-8)), rồi nhập lại.",
    "{name}: the file is empty.": "{name}: tệp trống.",
    "Choose the plan document itself, not an empty file.": "Hãy chọn chính văn bản kế hoạch, không phải một tệp trống.",
    "{name}: the file starts like UTF-16 text but is damaged.": "{name}: tệp bắt đầu như văn bản UTF-16 nhưng bị hỏng.",
    "{name}: this is a zip archive (perhaps a .docx saved under another name), not a text file.":
        "{name}: đây là tệp nén zip (có thể là tệp .docx bị đổi tên), không phải tệp văn bản.",
    "Give a Word document the .docx extension, or save the plan as UTF-8 text.":
        "Hãy đặt đuôi .docx cho văn bản Word, hoặc lưu kế hoạch dạng văn bản UTF-8.",
    "{name}: the file is an old Word (.doc) or Excel (.xls) file, which the importer cannot read.":
        "{name}: đây là tệp Word (.doc) hoặc Excel (.xls) kiểu cũ, chương trình không đọc được.",
    "Open it in Word, Excel or LibreOffice and save it as .docx or .xlsx (LibreOffice: soffice --headless "
    "--convert-to docx FILE), then import that file.":
        "Hãy mở tệp trong Word, Excel hoặc LibreOffice và lưu dạng .docx hoặc .xlsx (LibreOffice: soffice "
        "--headless --convert-to docx FILE), rồi nhập tệp đó.",
    "{name}: the file is binary data, not a text plan document.":
        "{name}: tệp là dữ liệu nhị phân, không phải văn bản kế hoạch.",
    "Save the plan as .docx, .xlsx, .pdf, .html, .md or UTF-8 .txt and import that file.":
        "Hãy lưu kế hoạch dạng .docx, .xlsx, .pdf, .html, .md hoặc .txt UTF-8 rồi nhập tệp đó.",
    "{name}: not UTF-8; save it as UTF-8 (undecodable byte {byte} on line {line}). It looks like Windows-1258 "
    "(legacy Vietnamese) text.":
        "{name}: không phải UTF-8; hãy lưu lại dạng UTF-8 (byte {byte} ở dòng {line} không giải mã được). Có vẻ "
        "đây là văn bản Windows-1258 (bảng mã tiếng Việt cũ).",
    "{name}: not UTF-8; save it as UTF-8 (undecodable byte {byte} on line {line}).":
        "{name}: không phải UTF-8; hãy lưu lại dạng UTF-8 (byte {byte} ở dòng {line} không giải mã được).",
    "{name}: the text is garbled (UTF-8 that was read as Latin-1 and saved again, e.g. 'á»' for 'ủ').":
        "{name}: chữ bị lỗi phông (UTF-8 bị đọc như Latin-1 rồi lưu lại, ví dụ 'á»' thay cho 'ủ').",
    "Re-save the original document as UTF-8; this copy cannot be repaired reliably.":
        "Hãy lưu lại văn bản gốc dạng UTF-8; bản này không thể sửa lại một cách tin cậy.",
    "{name}: the file holds binary data (NUL characters).": "{name}: tệp chứa dữ liệu nhị phân (ký tự NUL).",
    "Save the plan as .docx, .html, .md or UTF-8 .txt and import that file.":
        "Hãy lưu kế hoạch dạng .docx, .html, .md hoặc .txt UTF-8 rồi nhập tệp đó.",
    "{path}: no such file.": "{path}: không có tệp này.",
    "Check the path; folders and several files may be given.":
        "Hãy kiểm tra đường dẫn; có thể cho thư mục hoặc nhiều tệp.",
    "{path}: is a folder.": "{path}: là một thư mục.",
    "Import the folder itself (its plan files are read in name order).":
        "Hãy nhập chính thư mục đó (các tệp kế hoạch trong thư mục được đọc theo thứ tự tên).",
    "{path}: cannot be read ({reason}).": "{path}: không đọc được ({reason}).",
    "Check the file's permissions.": "Hãy kiểm tra quyền truy cập tệp.",
    "{file}: not a readable {kind} file ({error}).": "{file}: không phải tệp {kind} đọc được ({error}).",
    "{file}: the file unpacks to {size} MB, far more than a plan document; it was not read.":
        "{file}: tệp giải nén ra {size} MB, lớn hơn nhiều so với một văn bản kế hoạch; không đọc tệp này.",
    "Check that this is the plan itself; save it again from Word.":
        "Hãy kiểm tra đây có đúng là văn bản kế hoạch không; lưu lại tệp từ Word.",
    "Open it in Word and save it again as .docx, or save the plan as UTF-8 text.":
        "Hãy mở tệp trong Word và lưu lại dạng .docx, hoặc lưu kế hoạch dạng văn bản UTF-8.",
    "{file}: reading .docx needs python-docx.": "{file}: cần python-docx để đọc tệp .docx.",
    "{file}: not a readable .docx file ({error}).": "{file}: không phải tệp .docx đọc được ({error}).",
    "{file}: the .docx file is damaged ({error}).": "{file}: tệp .docx bị hỏng ({error}).",
    "Open it in Word and save it again as .docx.": "Hãy mở tệp trong Word và lưu lại dạng .docx.",
    "{file}: more than {count} paragraphs; this is not one plan document.":
        "{file}: hơn {count} đoạn văn; đây không phải một văn bản kế hoạch.",
    "Split the document, or import the appendix on its own.": "Hãy tách văn bản, hoặc nhập riêng phần phụ lục.",
    "{file}: reading .pdf needs pdfplumber.": "{file}: cần pdfplumber để đọc tệp .pdf.",
    "Open it in a PDF viewer and print it to a new PDF (or ask the sender for the .docx), then import that file.":
        "Hãy mở tệp bằng trình xem PDF và in ra một tệp PDF mới (hoặc xin người gửi tệp .docx), rồi nhập tệp đó.",
    "{file}: the PDF is protected by a password; it cannot be read.": "{file}: tệp PDF có mật khẩu; không đọc được.",
    "Open it with the password and save a copy without one, or ask the sender for the .docx, then import that file.":
        "Hãy mở tệp bằng mật khẩu và lưu một bản không có mật khẩu, hoặc xin người gửi tệp .docx, rồi nhập tệp đó.",
    "{file}: the PDF is damaged; it cannot be read ({error}).": "{file}: tệp PDF bị hỏng; không đọc được ({error}).",
    "{file}: {pages} pages, more than {most}; this is not one plan document.":
        "{file}: {pages} trang, nhiều hơn {most}; đây không phải một văn bản kế hoạch.",
    "Split the document (for example the appendix with the task table on its own) and import the parts.":
        "Hãy tách văn bản (ví dụ để riêng phụ lục có bảng nhiệm vụ) rồi nhập từng phần.",
    "{file}: the PDF is damaged; a page cannot be read ({error}).":
        "{file}: tệp PDF bị hỏng; có trang không đọc được ({error}).",
    "page {page}: the table has no ruling lines; its columns were guessed from where the text sits":
        "trang {page}: bảng không có đường kẻ; các cột được đoán theo vị trí chữ",
    "page {page}": "trang {page}",
    "{file}: the PDF has no text layer (a scan); the importer cannot read images.":
        "{file}: tệp PDF không có lớp chữ (bản quét); chương trình không đọc được hình ảnh.",
    "Run OCR on it (for example ocrmypdf -l vie in.pdf out.pdf) or ask the sender for the .docx, then import that "
    "file.":
        "Hãy nhận dạng chữ (OCR) cho tệp (ví dụ ocrmypdf -l vie in.pdf out.pdf) hoặc xin người gửi tệp .docx, rồi "
        "nhập tệp đó.",
    "Open it in Excel and save it again as .xlsx (File > Save As > Excel Workbook), then import it again.":
        "Hãy mở tệp trong Excel và lưu lại dạng .xlsx (File > Save As > Excel Workbook), rồi nhập lại.",
    "{file}: the workbook is protected by a password (encrypted); it cannot be read.":
        "{file}: bảng tính có mật khẩu (đã mã hóa); không đọc được.",
    "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear the box) "
    "and save it again as .xlsx.":
        "Hãy mở tệp trong Excel, bỏ mật khẩu (File > Info > Protect Workbook > Encrypt with Password, xóa ô mật "
        "khẩu) rồi lưu lại dạng .xlsx.",
    "{file}: this is an old binary Excel file (.xls), not an .xlsx workbook.":
        "{file}: đây là tệp Excel nhị phân kiểu cũ (.xls), không phải bảng tính .xlsx.",
    "{file}: not a readable .xlsx file; it is damaged or incomplete ({error}).":
        "{file}: không phải tệp .xlsx đọc được; tệp bị hỏng hoặc không đầy đủ ({error}).",
    "{file}: the workbook's parts are encrypted; it cannot be read.":
        "{file}: các phần của bảng tính đã bị mã hóa; không đọc được.",
    "Open it in Excel, remove the password and save it again as .xlsx.":
        "Hãy mở tệp trong Excel, bỏ mật khẩu rồi lưu lại dạng .xlsx.",
    "{file}: the workbook unpacks to {size} MB from {packed} KB, far more than a plan document; it was not read.":
        "{file}: bảng tính giải nén từ {packed} KB ra {size} MB, lớn hơn nhiều so với một văn bản kế hoạch; không "
        "đọc tệp này.",
    "Check that this is the plan itself; if it is, copy the task table into a new workbook and save that as .xlsx.":
        "Hãy kiểm tra đây có đúng là văn bản kế hoạch không; nếu đúng, hãy chép bảng nhiệm vụ sang một bảng tính "
        "mới và lưu dạng .xlsx.",
    "{file}: the workbook is too large to read.": "{file}: bảng tính quá lớn, không đọc được.",
    "Copy the task table into a new workbook and save that as .xlsx.":
        "Hãy chép bảng nhiệm vụ sang một bảng tính mới và lưu dạng .xlsx.",
    "{file}: the .xlsx file is damaged ({error}); it cannot be read.": "{file}: tệp .xlsx bị hỏng ({error}); không đọc được.",
    "sheet '{sheet}' is hidden; it was not read": "trang tính '{sheet}' bị ẩn; không được đọc",
    "sheet '{sheet}': only the first {count} columns were read; the columns after them were left out":
        "trang tính '{sheet}': chỉ đọc {count} cột đầu tiên; các cột sau đó bị bỏ qua",
    "sheet '{sheet}': only the first {count} rows were read; the rows from here on were left out":
        "trang tính '{sheet}': chỉ đọc {count} dòng đầu tiên; các dòng từ đây trở đi bị bỏ qua",

    # -- importer: tables, rows and shapes -----------------------------------------------------------
    "{count} cell(s) outside any row were skipped: {text}": "đã bỏ qua {count} ô nằm ngoài mọi dòng: {text}",
    "row {number} has {cells} cells, the header has {width}; the missing cells are left empty":
        "dòng {number} có {cells} ô, dòng tiêu đề có {width}; các ô thiếu để trống",
    "row (continued) has {cells} cells, the header has {width}; the missing cells are left empty":
        "dòng (tiếp theo) có {cells} ô, dòng tiêu đề có {width}; các ô thiếu để trống",
    "row {number} has {cells} cells, the header has {width}; the extra text was joined to its last cell":
        "dòng {number} có {cells} ô, dòng tiêu đề có {width}; phần chữ thừa được ghép vào ô cuối",
    "text under '{title}' before its first item was not imported: {text}":
        "phần chữ dưới '{title}' trước mục đầu tiên không được nhập: {text}",
    "the roadmap step '{title}' has no items; nothing imported from it":
        "bước lộ trình '{title}' không có mục nào; không nhập gì từ bước này",
    "row number {number} appears twice; this one got the id {id}": "số thứ tự {number} xuất hiện hai lần; dòng này nhận mã {id}",
    "row {number}: time '{time}': {warning}": "dòng {number}: thời gian '{time}': {warning}",
    "the table has no '{column}' column; that field is left empty on every card":
        "bảng không có cột '{column}'; trường đó để trống ở mọi thẻ",
    "row number '{number}' is not a usual plan number; imported as given":
        "số thứ tự '{number}' không theo cách đánh số thường gặp; nhập nguyên như vậy",
    "row {number} has no lead agency, partners or time; imported with those fields empty":
        "dòng {number} không có cơ quan chủ trì, cơ quan phối hợp hay thời gian; nhập với các trường đó để trống",
    "a row without a number has no row above to continue; it was not imported: {text}":
        "một dòng không có số thứ tự mà không có dòng nào phía trên để nối tiếp; không được nhập: {text}",
    "no plan number ('Số: …/KH-UBND') found; the key uses the file name":
        "không tìm thấy số kế hoạch ('Số: …/KH-UBND'); mã kế hoạch lấy theo tên tệp",
    "no plan date ('…, ngày … tháng … năm …') found": "không tìm thấy ngày kế hoạch ('…, ngày … tháng … năm …')",
    "no province found in the plan header": "không tìm thấy tên tỉnh trong phần đầu kế hoạch",
    "the row lost merged cells in the export; taken from the row above: {columns}":
        "dòng bị mất ô gộp khi xuất tệp; lấy từ dòng phía trên: {columns}",
    "the row has {cells} cells, the header has {width}; the extra cells were joined to the last one":
        "dòng có {cells} ô, dòng tiêu đề có {width}; các ô thừa được ghép vào ô cuối",
    "no task-table header (a content column beside a lead or time column)":
        "không có dòng tiêu đề của bảng nhiệm vụ (cột nội dung bên cạnh cột chủ trì hoặc cột thời gian)",
    "a list of administrative procedures (Tên thủ tục hành chính …), not tasks":
        "danh mục thủ tục hành chính (Tên thủ tục hành chính …), không phải nhiệm vụ",
    "a list of administrative procedures (Thời hạn giải quyết, Phí, lệ phí …), not tasks":
        "danh mục thủ tục hành chính (Thời hạn giải quyết, Phí, lệ phí …), không phải nhiệm vụ",
    "the steps of a procedure (Bước, người thực hiện …), not tasks":
        "các bước của một quy trình (Bước, người thực hiện …), không phải nhiệm vụ",
    "no task rows under the header": "không có dòng nhiệm vụ nào dưới dòng tiêu đề",
    "a form to fill in ({empty} of {rows} rows have no task text)":
        "một biểu mẫu để điền ({empty} trong {rows} dòng không có nội dung nhiệm vụ)",
    "the time column holds durations ({durations} of {rows} rows, e.g. '{example}'): the steps of a procedure, "
    "not tasks":
        "cột thời gian ghi thời lượng ({durations} trong {rows} dòng, ví dụ '{example}'): các bước của một quy "
        "trình, không phải nhiệm vụ",
    "the rows are numbered steps (Bước 1, Bước 2 …) of a procedure, not tasks":
        "các dòng là các bước đánh số (Bước 1, Bước 2 …) của một quy trình, không phải nhiệm vụ",
    "tasks labelled in the body (Cơ quan chủ trì: …, Thời gian thực hiện: …)":
        "nhiệm vụ ghi trong thân văn bản (Cơ quan chủ trì: …, Thời gian thực hiện: …)",
    "numbered content sections in the plan body": "các mục nội dung đánh số trong thân văn bản",
    "a roadmap by year in the plan body": "lộ trình theo năm trong thân văn bản",
    "a real table (.docx/.html)": "bảng thật (.docx/.html)",
    "a worksheet (.xlsx)": "bảng tính (.xlsx)",
    "a table in a PDF": "bảng trong PDF",
    "a tab-separated table": "bảng phân cách bằng tab",
    "a markdown table (| rows or | lines)": "bảng markdown (dòng | hoặc ô | trên từng dòng)",
    "a table flattened to one cell per line": "bảng bị trải phẳng, mỗi ô một dòng",
    "Unknown shape {name}.": "Không rõ dạng {name}.",
    "Use one of: {names}.": "Hãy dùng một trong: {names}.",
    "{file}: no task table as {what} (shape '{shape}' was forced).":
        "{file}: không có bảng nhiệm vụ dạng {what} (đã ép dạng '{shape}').",
    "Leave out --shape to let the importer find the tables, or run tracker import --explain.":
        "Hãy bỏ --shape để chương trình tự tìm bảng, hoặc chạy tracker import --explain.",
    "{file}: no tasks found as {what} (shape '{shape}' was forced).":
        "{file}: không tìm thấy nhiệm vụ dạng {what} (đã ép dạng '{shape}').",
    "Leave out --shape to let the importer recognise the document, or choose another shape.":
        "Hãy bỏ --shape để chương trình tự nhận dạng văn bản, hoặc chọn dạng khác.",
    "Check that this is the plan itself with its appendix of tasks; tracker import --explain FILE shows every table "
    "and why it was skipped.":
        "Hãy kiểm tra đây có đúng là văn bản kế hoạch kèm phụ lục nhiệm vụ không; tracker import --explain TỆP cho "
        "xem mọi bảng và lý do từng bảng bị bỏ qua.",
    "{file}: not a plan with tasks: the web page has no task table (TT, Nội dung, Cơ quan chủ trì, Thời gian …)":
        "{file}: không phải kế hoạch có nhiệm vụ: trang web không có bảng nhiệm vụ (TT, Nội dung, Cơ quan chủ trì, "
        "Thời gian …)",
    "{file}: not a plan with tasks: the document has no task table (TT, Nội dung, Cơ quan chủ trì, Thời gian …)":
        "{file}: không phải kế hoạch có nhiệm vụ: văn bản không có bảng nhiệm vụ (TT, Nội dung, Cơ quan chủ trì, "
        "Thời gian …)",
    "the table at line {line}: {reason}": "bảng ở dòng {line}: {reason}",
    "{reasons} (and {count} more)": "{reasons} (và {count} bảng khác)",
    "it is a {kind}, so its body is not read for tasks": "văn bản là {kind}, nên không đọc nhiệm vụ từ thân văn bản",
    "it is not a Kế hoạch or Chương trình, so its body is not read for tasks":
        "văn bản không phải Kế hoạch hay Chương trình, nên không đọc nhiệm vụ từ thân văn bản",
    "its body has no roadmap, numbered content sections or labelled tasks":
        "thân văn bản không có lộ trình, mục nội dung đánh số hay nhiệm vụ ghi nhãn",
    "{text}.": "{text}.",

    # -- importing.py --------------------------------------------------------------------------------
    "{file}: could not be read ({kind}: {detail}).": "{file}: không đọc được ({kind}: {detail}).",
    "{file}: it is the same plan ({plan}) as {other} in this import; import one of them.":
        "{file}: là cùng một kế hoạch ({plan}) với {other} trong lần nhập này; hãy chỉ nhập một trong hai.",
    "This board is for looking only; nothing was changed.": "Bảng này chỉ để xem; không có gì bị thay đổi.",
    "Ask the coordinator who serves it for a board that allows changes.":
        "Hãy nhờ cán bộ đang phục vụ bảng mở một bảng cho phép thay đổi.",

    # -- store.py, store_file.py, journal.py, store_maintenance.py: the split layout --------------------
    "The database changed twice while this command read it.":
        "Cơ sở dữ liệu đã thay đổi hai lần trong lúc lệnh này đang đọc.",
    "Run the command again.": "Hãy chạy lại lệnh.",
    "The sync state {path} is not valid JSON ({detail}).": "Trạng thái đồng bộ {path} không phải JSON hợp lệ ({detail}).",
    "Run `tracker db check`; `tracker sync` rebuilds it after you move the file away.":
        "Chạy `tracker db check`; sau khi chuyển tệp đó đi chỗ khác, `tracker sync` sẽ tạo lại.",
    "The folder {folder} with the database's cards is missing.": "Thiếu thư mục {folder} chứa các thẻ của cơ sở dữ liệu.",
    "Put it back beside the database (it is part of it), or restore both from a backup.":
        "Hãy đặt lại thư mục đó cạnh cơ sở dữ liệu (nó là một phần của cơ sở dữ liệu), hoặc khôi phục cả hai từ bản sao dự phòng.",
    "Run `tracker db check`; restore the database folder from a backup, or import the plans again into a new "
    "database.":
        "Chạy `tracker db check`; khôi phục thư mục cơ sở dữ liệu từ bản sao dự phòng, hoặc nhập lại các kế hoạch vào "
        "một cơ sở dữ liệu mới.",
    "shards record {key} is damaged": "bản ghi tệp thẻ {key} bị hỏng",
    "The card file {path} has no cards table.": "Tệp thẻ {path} không có bảng cards.",
    "The card file {path} is damaged: {problem}.": "Tệp thẻ {path} bị hỏng: {problem}.",
    "The card file {path} is not valid JSON ({detail}).": "Tệp thẻ {path} không phải JSON hợp lệ ({detail}).",
    "The overlay file {path} is not valid JSON ({detail}).":
        "Tệp thay đổi trạng thái {path} không phải JSON hợp lệ ({detail}).",
    "The overlay file {path} is damaged: a status change in it is not readable.":
        "Tệp thay đổi trạng thái {path} bị hỏng: có một thay đổi trạng thái không đọc được.",
    "The agency index {path} is damaged.": "Chỉ mục cơ quan {path} bị hỏng.",
    "the overlay changes cards of plan {plan}, which the head does not list":
        "tệp thay đổi trạng thái sửa thẻ của kế hoạch {plan}, mà tệp đầu không liệt kê",
    "the head's record positions for plan {plan} do not match its card file {path}; `tracker db compact` "
    "rewrites that file":
        "vị trí các bản ghi của kế hoạch {plan} trong tệp đầu không khớp với tệp thẻ {path}; `tracker db compact` "
        "ghi lại tệp đó",
    "the overlay changes cards plan {plan} does not hold: {cards}":
        "tệp thay đổi trạng thái sửa những thẻ kế hoạch {plan} không có: {cards}",
    "the head's state letters of plan {plan} do not match its cards; `tracker db compact` rewrites them":
        "chuỗi trạng thái của kế hoạch {plan} trong tệp đầu không khớp với các thẻ; `tracker db compact` ghi lại "
        "chuỗi đó",
    "the agency index is out of step with the cards of plan {plan}; `tracker db compact` rebuilds it":
        "chỉ mục cơ quan không khớp với các thẻ của kế hoạch {plan}; `tracker db compact` dựng lại chỉ mục",
    "Run `tracker db compact`: it rebuilds the index from the card files.":
        "Chạy `tracker db compact`: lệnh này dựng lại chỉ mục từ các tệp thẻ.",
    "shards record {key} has a state that does not match its cards":
        "bản ghi tệp thẻ {key} có chuỗi trạng thái không khớp với các thẻ của nó",
    "The database is damaged: {problem}.": "Cơ sở dữ liệu bị hỏng: {problem}.",
    "Run `tracker db check` to see what is wrong; restore the folder from a backup if the journal was lost.":
        "Chạy `tracker db check` để xem lỗi gì; nếu mất nhật ký thì khôi phục thư mục từ bản sao dự phòng.",
    "the history journal {path} is shorter than the database says ({have} of {want} bytes)":
        "nhật ký lịch sử {path} ngắn hơn cơ sở dữ liệu ghi nhận ({have} trên {want} byte)",
    "a line of the history journal {path} is not a record": "một dòng của nhật ký lịch sử {path} không phải bản ghi",
    "the history journal {path} is missing": "thiếu nhật ký lịch sử {path}",
    "a line of the history journal {path} is not JSON ({detail})":
        "một dòng của nhật ký lịch sử {path} không phải JSON ({detail})",
    "the journal holds ids the head has not counted yet (event {event}, change set {number})":
        "nhật ký có mã mà tệp chính chưa đếm tới (sự kiện {event}, lần thay đổi {number})",
    "the card file {path} does not hold the cards the head lists for plan {plan} (missing: {missing}; not listed: "
    "{extra})":
        "tệp thẻ {path} không chứa đúng các thẻ mà tệp chính liệt kê cho kế hoạch {plan} (thiếu: {missing}; không "
        "được liệt kê: {extra})",
    "the head vouches for {size} bytes of history but names no journal":
        "tệp chính ghi nhận {size} byte lịch sử nhưng không chỉ ra tệp nhật ký nào",
    "change set {number} in the journal is out of order (after {last})":
        "lần thay đổi {number} trong nhật ký sai thứ tự (sau {last})",
    "The journal's change sets are not in time order; nothing was archived.":
        "Các lần thay đổi trong nhật ký không theo thứ tự thời gian; chưa lưu trữ gì.",
    "Run `tracker db check` and archive with an earlier --before day.":
        "Chạy `tracker db check` rồi lưu trữ với ngày --before sớm hơn.",
    "plan {plan} lists {count} cards but names no card file": "kế hoạch {plan} liệt kê {count} thẻ nhưng không có tệp thẻ",
    "the card file {path} of plan {plan} is missing": "thiếu tệp thẻ {path} của kế hoạch {plan}",
    "the card id {card} is in plan {plan} and in plan {other}": "mã thẻ {card} có trong kế hoạch {plan} và cả kế hoạch {other}",
    "event {event} of change set {number} in the journal is out of step":
        "sự kiện {event} của lần thay đổi {number} trong nhật ký không khớp thứ tự",
}
