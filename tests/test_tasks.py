"""pipeline.extraction.tasks and quotas: roles, deadlines and quotas on real sentences.

Most sentences come from corpora/ documents; the others are genre probes: sentences in the forms plans,
decisions, directives, letters, notices, urgent dispatches and council resolutions take in other provinces,
written for forms the corpus does not hold. Each negative case is an annotation rule of the extraction spec.
"""
import pytest

from pipeline.extraction.header import extract_header
from pipeline.extraction.quotas import quotas_in
from pipeline.extraction.record import extract_document
from pipeline.models import RawPage, Source
from pipeline.reading import read
from pipeline.normalisation import normalise

HEAD = ("ỦY BAN NHÂN DÂN TỈNH NINH THUẬN\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 1068/KH-UBND\n|\n"
        "Ninh Thuận, ngày 22 tháng 3 năm 2023\n|\nKẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN\n")


def record(body: str):
    doc = normalise(Source("x.txt", "", "text", (RawPage(1, HEAD + body, "text"),)))
    return extract_document(doc).to_dict()


def roles(body):
    return {(a["agency"], a["role"]) for a in record(body)["assignments"]}


def deadlines(body):
    return {(d["agency"], d["due"] or d["recurrence"]) for d in record(body)["deadlines"]}


# fmt: off
ROLES = [
    # a long label before the subject that does it ("Kinh phí ... theo Nghị quyết số 57-NQ/TW của Bộ Chính trị: Sở X")
    ("II. NỘI DUNG\n- Kinh phí phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số theo Nghị quyết số "
     "57-NQ/TW của Bộ Chính trị: Sở KH&CN chủ trì tổng hợp, bảo đảm mức bố trí tối thiểu theo quy định;",
     {("Sở Khoa học và Công nghệ", "lead")}),
    # a kind of unit after a shorter list than a standard group makes another body
    ("II. NỘI DUNG\n- Các đơn vị dự toán cấp I cấp tỉnh, UBND các xã, phường lập kế hoạch tài chính 03 năm.\n"
     "- Các cơ quan quản lý cấp trên tổng hợp kết quả kiểm kê.",
     {("Các đơn vị dự toán cấp I cấp tỉnh", "lead"), ("UBND cấp xã", "lead"), ("Các cơ quan quản lý cấp trên", "lead")}),
    # directing a unit is a duty of the block's body; the unit owes what its own verb says
    ("III. TỔ CHỨC THỰC HIỆN\n2. Sở Nông nghiệp và Môi trường\nd) Chỉ đạo Chi cục Kiểm lâm thực hiện tuần tra; chỉ đạo "
     "các đơn vị quản lý hồ, đập bảo đảm nguồn nước chữa cháy.",
     {("Chi cục Kiểm lâm", "lead"), ("Sở Nông nghiệp và Môi trường", "lead")}),
    # a block heading that lists several bodies gives each the block's duties
    ("III. TỔ CHỨC THỰC HIỆN\n12. Các Ban quản lý rừng phòng hộ, Ban quản lý rừng đặc dụng, Vườn quốc gia Hoàng Liên\n"
     "a) Tổ chức tuần tra, canh gác lửa rừng.",
     {("Các Ban quản lý rừng phòng hộ", "lead"), ("Ban quản lý rừng đặc dụng", "lead"), ("Vườn quốc gia Hoàng Liên", "lead")}),
    # the blocks under an item that asks are requests too
    ("VI. TỔ CHỨC THỰC HIỆN\n7. Đề nghị các sở, ngành, đơn vị liên quan phối hợp\na) Sở Tài chính\nChủ trì, phối hợp "
     "với Sở Nội vụ tham mưu bố trí kinh phí.\nb) Công an tỉnh\nPhối hợp kết nối dữ liệu dân cư.\n8. Ủy ban nhân dân các "
     "xã, phường\n- Ban hành kế hoạch năm 2026.",
     {("Các sở, ban, ngành cấp tỉnh", "requested"), ("Sở Tài chính", "requested"), ("Sở Nội vụ", "support"),
      ("Công an tỉnh", "requested"), ("UBND cấp xã", "lead")}),
    # a heading that ends in a collective qualified by "có" ("các bệnh viện có khoa sản") is still a list of bodies
    ("IV. TỔ CHỨC THỰC HIỆN\n6. Bệnh viện Đa khoa tỉnh, Bệnh viện Sản - Nhi tỉnh và các bệnh viện có khoa sản\n- Tổ chức "
     "tiêm vắc xin viêm gan B sơ sinh trong 24 giờ đầu sau sinh.",
     {("Bệnh viện Đa khoa tỉnh", "lead"), ("Bệnh viện Sản - Nhi tỉnh", "lead"), ("Các bệnh viện có khoa sản", "lead")}),
    # a bracketed aside after a name ("(Tân Phú, Xuân Lộc)") does not end the heading's list
    ("II. NHIỆM VỤ\n3. Ban Quản lý rừng phòng hộ Tân Phú (quản lý 30.000 ha), Vườn quốc gia Bù Gia Mập, Chi cục Kiểm lâm\n"
     "a) Rà soát phương án phòng cháy, chữa cháy rừng.",
     {("Ban Quản lý rừng phòng hộ Tân Phú", "lead"), ("Vườn quốc gia Bù Gia Mập", "lead"), ("Chi cục Kiểm lâm", "lead")}),
    # ... bulleted as well as lettered
    ("IV. TỔ CHỨC THỰC HIỆN\n6. Đề nghị các sở, ngành, đoàn thể phối hợp\n- Sở Tài chính: thẩm định, bố trí kinh phí "
     "thực hiện chế độ miễn học phí.\n- Sở Y tế: chỉ đạo trạm y tế xã khám sức khỏe học sinh.",
     {("Các sở, ban, ngành cấp tỉnh", "requested"), ("Sở Tài chính", "requested"), ("Sở Y tế", "requested")}),
    ("V. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền thông tổ chức thực hiện Kế hoạch.",
     {("Sở Nội vụ", "lead"), ("Sở Thông tin và Truyền thông", "support")}),
    # "X phối hợp với Y" without chủ trì: X supports, Y gets nothing
    ("V. TỔ CHỨC THỰC HIỆN\n2. Sở Tài chính phối hợp với Sở Nội vụ bố trí kinh phí thực hiện.",
     {("Sở Tài chính", "support")}),
    # a block heading makes its agency lead for the block
    ("V. TỔ CHỨC THỰC HIỆN\n1. Phân công trách nhiệm:\na) Sở Nội vụ: là cơ quan đầu mối, chủ trì thực hiện Đề án.\n"
     "b) Sở Thông tin và Truyền thông:\n- Chỉ đạo các cơ quan báo chí đẩy mạnh tuyên truyền.",
     {("Sở Nội vụ", "lead"), ("Sở Thông tin và Truyền thông", "lead")}),
    ("V. TỔ CHỨC THỰC HIỆN\ne) Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội cấp tỉnh:\n"
     "- Phối hợp tổ chức tốt các nội dung của Đề án.",
     {("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"), ("Các tổ chức chính trị - xã hội", "requested")}),
    ("3. Giao Bộ Chỉ huy Quân sự tỉnh tham mưu Ủy ban nhân dân tỉnh theo dõi, hướng dẫn, kiểm tra.",
     {("Bộ Chỉ huy Quân sự tỉnh", "lead")}),
    ("2. Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các huyện, thị xã, thành phố có trách nhiệm triển khai Kế hoạch.",
     {("Các sở, ban, ngành cấp tỉnh", "lead"), ("UBND cấp huyện", "lead")}),
    # the issuer issuing the plan is not assigned
    ("Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:", set()),
    # a closing order to carry out the whole document assigns nothing
    ("Yêu cầu Giám đốc các sở, ngành, Chủ tịch UBND các huyện, thành phố triển khai thực hiện nghiêm túc Kế hoạch này./.", set()),
    ("Điều 2. Giám đốc Sở Tài chính; Thủ trưởng các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã, phường "
     "chịu trách nhiệm thi hành Quyết định này./.", set()),
    # recipients are not assigned
    ("Nơi nhận:\n- Sở Nội vụ;\n- Sở Tài chính;\n- UBND các huyện, thành phố;\n- Lưu: VT.", set()),
    # reports sent to an agency do not assign it
    ("1. Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2023.",
     {("Các cơ quan, đơn vị, địa phương", "lead")}),
    # collective addressees and names that no list holds, read to the phrase's end
    ("III. TỔ CHỨC THỰC HIỆN\n4. Các ngân hàng thương mại hướng dẫn quy trình mở tài khoản cho người hưởng trợ cấp.",
     {("Các ngân hàng thương mại", "lead")}),
    ("III. TỔ CHỨC THỰC HIỆN\n5. Các doanh nghiệp viễn thông phối hợp các đơn vị liên quan triển khai thực hiện Kế hoạch.",
     {("Các doanh nghiệp viễn thông", "support")}),
    # a block heading names its agency up to the colon
    ("V. TỔ CHỨC THỰC HIỆN\n6. Trung tâm Xúc tiến đầu tư, thương mại và du lịch:\n- Tổ chức các hội chợ thương mại.",
     {("Trung tâm Xúc tiến đầu tư, thương mại và du lịch", "lead")}),
    # a heading's marker alone on its line
    ("IV. TỔ CHỨC THỰC HIỆN\n1.3.\nSở Y tế\n- Hướng dẫn các cơ sở.\n1.4.\nỦy ban nhân dân các xã, phường\n"
     "- Thành lập Ban Chỉ đạo cấp xã.\nThời gian hoàn thành: Trước ngày 15/11/2025.",
     {("Sở Y tế", "lead"), ("UBND cấp xã", "lead")}),
    # "b) Chủ trì, phối hợp:" announces the partners of the block's agency
    ("IV. TỔ CHỨC THỰC HIỆN\n2.3. Công an tỉnh\nb) Chủ trì, phối hợp\n"
     "- Sở Tài chính và các đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh bố trí ngân sách.\n"
     "- Sở Xây dựng tổ chức rà soát cơ sở vật chất của các cơ sở cai nghiện.",
     {("Công an tỉnh", "lead"), ("Sở Tài chính", "support"), ("Các cơ quan, đơn vị, địa phương", "support"),
      ("Sở Xây dựng", "support")}),
    # associations heading their own block: it is theirs (spec, "Roles"); only "Đề nghị" makes it a request
    ("IV. TỔ CHỨC THỰC HIỆN\n7. Liên minh Hợp tác xã tỉnh, Hội Nông dân tỉnh:\n- Đẩy mạnh tập huấn cho hội viên.",
     {("Liên minh Hợp tác xã tỉnh", "lead"), ("Hội Nông dân tỉnh", "lead")}),
    ("IV. TỔ CHỨC THỰC HIỆN\n7. Đề nghị Liên minh Hợp tác xã tỉnh, Hội Nông dân tỉnh:\n- Đẩy mạnh tập huấn cho hội viên.",
     {("Liên minh Hợp tác xã tỉnh", "requested"), ("Hội Nông dân tỉnh", "requested")}),
    # a subject with a qualifier before its predicate
    ("1. Sở Tài chính, Sở Xây dựng và các Sở, ban, ngành quản lý quy hoạch theo chức năng, nhiệm vụ được giao "
     "có trách nhiệm phối hợp công bố thông tin về quy hoạch.",
     {("Sở Tài chính", "support"), ("Sở Xây dựng", "support"), ("Các sở, ban, ngành cấp tỉnh", "support")}),
    # what a decision's closing article orders is not a duty, not even in the clause after it
    ("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Kho bạc Nhà nước tỉnh chịu trách nhiệm thi hành Quyết định này. "
     "Quyết định này có hiệu lực kể từ ngày ký./.", set()),
    # an article on a body's responsibilities is its block
    ("Điều 8. Trách nhiệm của Sở Nội vụ\na) Chủ trì triển khai, hướng dẫn thực hiện Quy định này.",
     {("Sở Nội vụ", "lead")}),
    # words that open a clause and name no body
    ("2. Các hoạt động ở cấp tỉnh gồm tổ chức hội nghị, tọa đàm.", set()),
    # a subject list cut by a semicolon, after a purpose clause: one subject
    ("II. NHIỆM VỤ TRỌNG TÂM\nĐể thực hiện đạt được mục tiêu nêu trên, các sở, ngành, đoàn thể và các cơ quan thành viên "
     "Ban ATGT tỉnh; Ủy ban nhân dân các huyện, thành phố cần tập trung thực hiện tốt một số nhiệm vụ trọng tâm sau:",
     {("Các sở, ban, ngành cấp tỉnh", "lead"), ("Các cơ quan thành viên Ban An toàn giao thông tỉnh", "lead"),
      ("UBND cấp huyện", "lead")}),
    # three members cut by two semicolons
    ("II. NHIỆM VỤ\n1. Để thực hiện mục tiêu, các sở, ngành; Ban An toàn giao thông tỉnh; Ủy ban nhân dân các huyện, "
     "thành phố cần tập trung thực hiện tốt các nhiệm vụ sau.",
     {("Các sở, ban, ngành cấp tỉnh", "lead"), ("Ban An toàn giao thông tỉnh", "lead"), ("UBND cấp huyện", "lead")}),
    # the members of a board, named by what they are
    ("II. NHIỆM VỤ\n2. Các sở, ngành, đơn vị là thành viên Ban An toàn giao thông tỉnh căn cứ chức năng, nhiệm vụ được "
     "giao tổ chức xây dựng kế hoạch hoạt động.",
     {("Các sở, ngành, đơn vị là thành viên Ban An toàn giao thông tỉnh", "lead")}),
    # a list with the authorities of every level; whose role a topic tells of is no subject
    ("III. NỘI DUNG\n1. Công tác tham mưu\n- Các sở, ban, ngành, chính quyền các cấp, các tổ chức chính trị - xã hội tổ "
     "chức phổ biến, quán triệt sâu rộng trong toàn xã hội.\n2. Tuyên truyền vai trò, trách nhiệm của các cấp ủy đảng, "
     "người đứng đầu cơ quan hành chính các cấp đối với việc chuyển đổi số.",
     {("Các sở, ban, ngành cấp tỉnh", "lead"), ("UBND các cấp", "lead"),
      ("Các tổ chức chính trị - xã hội", "lead")}),
    # a later "phối hợp" clause of a body that is the subject of a bullet (no block heading): it supports there
    ("II. NHIỆM VỤ\n- Công an tỉnh chỉ đạo các lực lượng chức năng tổ chức tuyên truyền trực tiếp; phối hợp với các cơ "
     "quan truyền thông xây dựng các phóng sự.\n- Đề nghị Ủy ban MTTQ tỉnh và các tổ chức đoàn thể chính trị - xã hội "
     "của tỉnh tăng cường công tác tuyên truyền.",
     {("Công an tỉnh", "lead"), ("Công an tỉnh", "support"), ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"),
      ("Các tổ chức chính trị - xã hội", "requested")}),
    # a request whose addressees follow a colon, one per clause, with remarks in brackets
    ("Văn bản đề nghị các cơ quan, địa phương có liên quan: Cục Cán bộ (đối tượng diện cơ quan cán bộ quản lý); Cục Quân "
     "lực; Tòa án quân sự các cấp; Sở Nội vụ, Ủy ban nhân dân cấp xã nơi người mất tích cư trú để kiểm tra, xác minh.",
     {("Các cơ quan, đơn vị, địa phương", "requested"), ("Cục Cán bộ", "requested"), ("Cục Quân lực", "requested"),
      ("Sở Nội vụ", "requested"), ("UBND cấp xã", "requested")}),
    # a closing article: "... căn cứ Quyết định này thực hiện" orders the whole decision carried out
    ("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tài chính và Thủ trưởng các cơ quan, đơn vị có liên quan căn cứ "
     "Quyết định này thực hiện./.", set()),
    # "xét đề nghị của ..." is the proposal a decision follows, not a request
    ("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 152/TTr-SNV, QUYẾT ĐỊNH: Điều 1. Giải thể Quỹ bảo trì đường bộ "
     "tỉnh Ninh Thuận.", set()),
    # a council's resolution: its standing committee, boards and delegations oversee; conferences are no bodies
    ("Điều 2. Nội dung chi\n1. Các hội nghị gồm: hội nghị triển khai công tác bầu cử, hội nghị tập huấn.\n"
     "Điều 5. Tổ chức thực hiện\n2. Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại "
     "biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.",
     {("Thường trực Hội đồng nhân dân tỉnh", "requested"), ("Các ban của Hội đồng nhân dân tỉnh", "requested"),
      ("Các tổ đại biểu Hội đồng nhân dân tỉnh", "requested")}),
    # a letter's request: who asks owes nothing; those asked owe the numbered items after the colon
    ("Để chủ động ứng phó, Văn phòng Ủy ban nhân dân tỉnh đề nghị Sở Nông nghiệp và Môi trường; Sở Xây dựng triển khai "
     "các nội dung sau:\n1. Thường xuyên theo dõi diễn biến thời tiết để thông báo cho nhân dân.\n"
     "2. Kiểm tra các công trình đang thi công.",
     {("Sở Nông nghiệp và Môi trường", "requested"), ("Sở Xây dựng", "requested")}),
    # the scope of the bodies' duties between them and their predicate
    ("IV. TỔ CHỨC THỰC HIỆN\n9. Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh theo chức năng, nhiệm vụ tuyên truyền "
     "đoàn viên, hội viên thực hiện.\n10. Các sở, ban, ngành, địa phương định kỳ 6 tháng báo cáo kết quả về Sở Nội vụ.",
     {("Liên đoàn Lao động tỉnh", "requested"), ("Hội Nông dân tỉnh", "requested"), ("Các sở, ban, ngành cấp tỉnh", "lead")}),
    # the author of a cited document owes nothing for it
    ("Ngày 15/3/2025, Chính phủ ban hành Nghị định số 45/2025/NĐ-CP quy định về thủ tục. Để triển khai thực hiện, Ủy "
     "ban nhân dân tỉnh có ý kiến như sau:\n1. Giao Sở Tư pháp hướng dẫn triển khai Nghị định.",
     {("Sở Tư pháp", "lead")}),
    # a block heading may address its body after "Đối với" (not in a section of criteria: there it says whom they
    # apply to); a collective "khác" is the group
    ("IV. TỔ CHỨC THỰC HIỆN\n1. Trách nhiệm của các sở, ngành\n1.1. Đối với Sở Giáo dục và Đào tạo\n- Chỉ đạo các "
     "trường học tổ chức tuyên truyền.\n1.2. Các sở, ban, ngành khác: Căn cứ chức năng, nhiệm vụ, phối hợp thực hiện.\n"
     "2. Tiêu chí thi đua\na) Đối với các doanh nghiệp\n- Sản xuất kinh doanh hiệu quả, bền vững, hợp pháp.",
     {("Sở Giáo dục và Đào tạo", "lead"), ("Các sở, ban, ngành cấp tỉnh", "lead")}),
    # a heading's collective keeps its name without the members it lists in brackets, and the list goes on after them
    ("VI. TỔ CHỨC THỰC HIỆN\na) Các Ban Quản lý rừng phòng hộ (Bắc Hải Vân, Sông Bồ, A Lưới), Ban Quản lý Khu bảo tồn "
     "Sao La, các công ty lâm nghiệp:\n- Tuần tra rừng.\nb) Các công ty TNHH MTV thủy lợi (Sông Chu, Nam Sông Mã)\n"
     "- Vận hành công trình trước ngày 30/4/2026.",
     {("Các Ban Quản lý rừng phòng hộ", "lead"), ("Ban Quản lý Khu bảo tồn Sao La", "lead"),
      ("Các công ty lâm nghiệp", "lead"), ("Các công ty TNHH MTV thủy lợi", "lead")}),
    # a section's heading may name the bodies its duties are for: "NHIỆM VỤ CHUNG ĐỐI VỚI CÁC CHỦ ĐẦU TƯ, ..."
    ("II. NHIỆM VỤ CHUNG ĐỐI VỚI CÁC CHỦ ĐẦU TƯ, CÁC SỞ, BAN, NGÀNH VÀ UBND CÁC XÃ, PHƯỜNG\n1. Lập kế hoạch giải ngân "
     "chi tiết, gửi Sở Tài chính trước ngày 15/01/2026.\n2. Báo cáo tháng: trước ngày 03 hằng tháng báo cáo tình hình.",
     {("Các chủ đầu tư", "lead"), ("Các sở, ban, ngành cấp tỉnh", "lead"), ("UBND cấp xã", "lead")}),
    # a collective list is no lead-in ("Các tổ chức, ..."); a group's last word that opens a name is the name's; a
    # section that says whom the plan covers gives no duties
    ("I. MỤC ĐÍCH\n2. Đối tượng thụ hưởng của Chương trình\nb) Các tổ chức, cá nhân có liên quan thuộc các cơ quan "
     "chuyên trách phòng, chống tội phạm về ma túy tham gia.\nIV. TỔ CHỨC THỰC HIỆN\n3. Các cơ quan báo chí, Đài Phát "
     "thanh và Truyền hình tỉnh tăng cường thông tin, tuyên truyền.\n4. Các tổ chức, cá nhân hoạt động khoáng sản trên "
     "địa bàn tỉnh chấp hành nghiêm các quy định của pháp luật.",
     {("Các cơ quan thông tin, báo chí, truyền thông", "lead"), ("Đài Phát thanh và Truyền hình Ninh Thuận", "lead"),
      ("Các tổ chức, cá nhân hoạt động khoáng sản trên địa bàn tỉnh", "lead")}),
    # a department's own plan: its divisions head their blocks under the heading that gathers them, and a date in a
    # division's block is that division's, not the gathering heading's
    ("V. TỔ CHỨC THỰC HIỆN\n1. Các phòng, đơn vị thuộc Sở\na) Phòng Giáo dục phổ thông (GDPT)\n- Là đầu mối theo dõi, "
     "đôn đốc thực hiện Kế hoạch, hoàn thành trong tháng 10/2025.\nb) Văn phòng Sở\n- Bảo đảm các điều kiện phục vụ "
     "hoạt động của đoàn kiểm tra.\nc) Thanh tra Sở\n- Đưa nội dung phổ cập vào kế hoạch kiểm tra; phối hợp với Phòng "
     "Giáo dục mầm non kiểm tra hồ sơ.",
     {("Phòng Giáo dục phổ thông", "lead"), ("Văn phòng Sở", "lead"), ("Thanh tra Sở", "lead")}),
    # a heading with no colon that lists several groups, one of them a collective no list held, then lettered duties;
    # a heading of a group qualified by its area
    ("Chủ tịch UBND tỉnh yêu cầu:\n1. Các sở, ban, ngành, lực lượng chức năng, UBND các xã, phường\na) Xây dựng kế "
     "hoạch cụ thể triển khai Chỉ thị này trước ngày 20/01/2026.\n2. Chủ tịch UBND các xã, phường biên giới\na) Kiện "
     "toàn Ban Chỉ đạo 389 cấp xã, hoàn thành trước ngày 28/02/2026.",
     {("Các sở, ban, ngành cấp tỉnh", "lead"), ("Các lực lượng chức năng", "lead"), ("UBND cấp xã", "lead")}),
    # a broadcaster is named by its province, however the document writes it
    ("IV. TỔ CHỨC THỰC HIỆN\n3. Báo và Phát thanh, Truyền hình Ninh Thuận mở chuyên mục tuyên truyền.\n4. Giao Báo và "
     "Phát thanh, Truyền hình tỉnh đưa tin về kết quả thực hiện.",
     {("Báo và Phát thanh, Truyền hình Ninh Thuận", "lead")}),
    # the standard group of mass organisations is named without its level at the province's level
    ("IV. TỔ CHỨC THỰC HIỆN\n5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh "
     "tuyên truyền, vận động hội viên.",
     {("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"), ("Các tổ chức chính trị - xã hội", "requested")}),
    # a council's organs named before the council once
    ("Điều 2. Tổ chức thực hiện\n2. Thường trực, các ban, các tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát "
     "việc thực hiện Nghị quyết.",
     {("Thường trực Hội đồng nhân dân tỉnh", "requested"), ("Các ban của Hội đồng nhân dân tỉnh", "requested"),
      ("Các tổ đại biểu Hội đồng nhân dân tỉnh", "requested")}),
    # a bracket after the subject that is no heading's tail; telecom and post companies (the post office is named with
    # the document's province, as its branches are: the test documents are Ninh Thuận's)
    ("IV. TỔ CHỨC THỰC HIỆN\n7. Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội (nay là Sở Nội vụ) phối hợp "
     "hướng dẫn.\n8. Bưu điện tỉnh, Viettel tỉnh, VNPT tỉnh bảo đảm thông tin liên lạc thông suốt.",
     {("Sở Giáo dục và Đào tạo", "support"), ("Sở Lao động - Thương binh và Xã hội", "support"),
      ("Bưu điện tỉnh Ninh Thuận", "lead"), ("Viettel tỉnh", "lead"), ("VNPT tỉnh", "lead")}),
    # a commune's plan: its villages are a collective addressee
    ("II. NHIỆM VỤ\n5. Các thôn, xóm tổ chức rà soát các hộ dân ở vùng nguy hiểm.\n6. Các bản sao hồ sơ được lưu tại "
     "Văn phòng.", {("Các thôn, xóm", "lead")}),
    # a list given a duty by "Giao" across semicolons: each name owes the duty that ends it; the Party's district
    # committees are asked
    ("IV. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Ban Thường vụ các Huyện ủy, Thành ủy, Thị ủy lãnh đạo, chỉ đạo các cấp ủy triển "
     "khai thực hiện.\n3. Giao Sở Y tế; Sở Giáo dục và Đào tạo; UBND các huyện, thành phố chủ trì thực hiện các nhiệm "
     "vụ được phân công.",
     {("Các huyện ủy, thị ủy, thành ủy", "requested"), ("Sở Y tế", "lead"), ("Sở Giáo dục và Đào tạo", "lead"),
      ("UBND cấp huyện", "lead")}),
    # "cấp ủy, chính quyền" is Party committees and governments in general, no body
    ("IV. TỔ CHỨC THỰC HIỆN\n2. Cấp ủy, chính quyền và người đứng đầu cấp ủy, chính quyền các cấp trực tiếp lãnh đạo, "
     "chỉ đạo công tác thi đua.", set()),
    # a target given to a body: "Giao chỉ tiêu ... cho X"
    ("QUYẾT ĐỊNH:\nĐiều 1. Giao chỉ tiêu tuyển quân năm 2024 cho UBND các xã, phường với tổng số 1.200 công dân.",
     {("UBND cấp xã", "lead")}),
    # "theo dõi" is a duty, not "theo" (according to)
    ("IV. TỔ CHỨC THỰC HIỆN\n15. Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện.",
     {("Văn phòng UBND tỉnh", "lead")}),
    # a head shared by the names after a colon: "Các Sở: X, Y"
    ("IV. TỔ CHỨC THỰC HIỆN\n2. Các Sở: Giáo dục và Đào tạo, Công Thương chủ động triển khai các biện pháp phòng bệnh.",
     {("Sở Giáo dục và Đào tạo", "lead"), ("Sở Công Thương", "lead")}),
    # field lines numbered with a bracket
    ("II. NHIỆM VỤ\n1. Đẩy mạnh công tác tuyên truyền.\n1) Đơn vị chủ trì: Sở Y tế.\n2) Đơn vị phối hợp: Sở Tài chính.",
     {("Sở Y tế", "lead"), ("Sở Tài chính", "support")}),
    # a named city after the districts is no predicate
    ("Điều 4. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các Sở, Ban, ngành của tỉnh; Chủ tịch Ủy ban nhân dân "
     "các huyện, thành phố Phủ Lý; các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.", set()),
]
# fmt: on


DECISION = ("ỦY BAN NHÂN DÂN TỈNH SƠN LA\n|\nSố: 2954/QĐ-UBND\n|\nSơn La, ngày 20 tháng 11 năm 2025\n|\n"
            "QUYẾT ĐỊNH\nBan hành Kế hoạch xuất khẩu\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n"
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n|\nKT. CHỦ TỊCH\n"
            "Nguyễn Thành Công\n|\n\nKẾ HOẠCH\nXuất khẩu nông sản\n(Ban hành kèm theo Quyết định số 2954/QĐ-UBND)\n"
            "I. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\n- Chủ trì, phối hợp với các sở, ngành tổ chức xúc tiến thương mại.\n"
            "- Định kỳ trước ngày 15/12 hằng năm báo cáo UBND tỉnh kết quả thực hiện.\n"
            "- Hướng dẫn doanh nghiệp đăng ký mã số vùng trồng.\n")


def test_a_decision_that_issues_a_plan_assigns_through_the_attached_plan():
    rec = extract_document(normalise(Source("qd.txt", "", "text", (RawPage(1, DECISION, "text"),)))).to_dict()
    duties = [a for a in rec["assignments"] if a["agency"] == "Sở Công Thương" and a["role"] == "lead"]
    # one obligation per duty, each with its own evidence and the duty as its task, never the heading
    assert len(duties) == 3
    assert all(a["task"] != "Sở Công Thương" and len(a["task"]) > 20 for a in duties)
    assert duties[0]["task"].startswith("phối hợp với các sở, ngành tổ chức xúc tiến")
    assert len({(a["evidence"]["start"], a["evidence"]["end"]) for a in duties}) == 3
    assert ("Sở Công Thương", "yearly") in {(d["agency"], d["recurrence"]) for d in rec["deadlines"]}


def test_an_action_plan_a_decision_issues_is_read_after_the_signature():
    text = DECISION.replace("\n|\n\nKẾ HOẠCH\nXuất khẩu nông sản\n", "\n|\n\nKẾ HOẠCH HÀNH ĐỘNG\nXuất khẩu nông sản\n")
    assert "KẾ HOẠCH HÀNH ĐỘNG" in text
    rec = extract_document(normalise(Source("qd.txt", "", "text", (RawPage(1, text, "text"),)))).to_dict()
    assert ("Sở Công Thương", "lead") in {(a["agency"], a["role"]) for a in rec["assignments"]}


@pytest.mark.parametrize("body, expected", ROLES)
def test_roles(body, expected):
    assert roles(body) == expected


# fmt: off
DEADLINES = [
    # a period named in a duty does not hide the date the duty is due
    ("V. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường\n- Chủ trì xây dựng kế hoạch thực hiện chỉ tiêu nước sạch "
     "nông thôn giai đoạn 2026 - 2030, trình Ủy ban nhân dân tỉnh trong Quý II/2026.",
     {("Sở Nông nghiệp và Môi trường", "2026-06-30")}),
    # a date in a division's block is the division's, not that of the heading gathering the divisions
    ("V. TỔ CHỨC THỰC HIỆN\n1. Các phòng, đơn vị thuộc Sở\na) Phòng Giáo dục phổ thông\n- Là đầu mối theo dõi, đôn "
     "đốc thực hiện Kế hoạch, hoàn thành trong tháng 10/2025.", {("Phòng Giáo dục phổ thông", "2025-10-31")}),
    # dates of the past that a 2023 plan recalls are no deadlines
    ("Căn cứ Bản ghi nhớ được ký tại Hà Nội vào ngày 21/10/2022; các cơ quan, đơn vị báo cáo trước ngày 15/12/2023.",
     {("Các cơ quan, đơn vị, địa phương", "2023-12-15")}),
    # a recurring report whose own subject follows its period ("Định kỳ 06 tháng các cơ quan ..."), after an order
    # to carry out the plan addressed to a list cut by semicolons
    ("IV. TỔ CHỨC THỰC HIỆN\nYêu cầu các sở, ban, ngành, đoàn thể tỉnh; UBND các phường, xã; các đơn vị liên quan căn cứ "
     "nhiệm vụ được phân công triển khai thực hiện tốt Kế hoạch này. Định kỳ 06 tháng các cơ quan có liên quan báo cáo "
     "kết quả thực hiện gửi về Sở Khoa học và Công nghệ để tổng hợp.",
     {("Các cơ quan, đơn vị, địa phương", "semiannual")}),
    ("1. Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2023.",
     {("Các cơ quan, đơn vị, địa phương", "2023-12-15")}),
    # the cycles of a report listed together, and the anchor day of a quarter
    ("3. Sở Công Thương báo cáo kết quả định kỳ hàng quý, 6 tháng và năm.\n"
     "6. Sở Nội vụ tổng hợp, báo cáo kết quả trước ngày 20 của tháng cuối quý.",
     {("Sở Công Thương", "quarterly"), ("Sở Công Thương", "semiannual"), ("Sở Công Thương", "yearly"),
      ("Sở Nội vụ", "quarterly")}),
    # a purpose that names the body acting on the result gives it that duty and its date; one that names who is
    # informed gives nothing
    ("5. Các sở, ngành báo cáo kết quả về Sở Nội vụ trước ngày 10/12/2023 để Sở Nội vụ tổng hợp, báo cáo UBND tỉnh "
     "trước ngày 20/12/2023.\n6. Sở Y tế báo cáo tiến độ trước ngày 15/11/2023 để Thường trực Tỉnh ủy theo dõi, chỉ đạo.",
     {("Các sở, ban, ngành cấp tỉnh", "2023-12-10"), ("Sở Nội vụ", "2023-12-20"), ("Sở Y tế", "2023-11-15")}),
    # a date written out in words keeps its own year, whatever the plan's
    ("5. Sở Tài chính tham mưu bố trí kinh phí, hoàn thành trước ngày 30 tháng 9 năm 2025.",
     {("Sở Tài chính", "2025-09-30")}),
    ("a) Sở Nội vụ: chủ trì tổ chức Hội nghị; cuối năm tổng hợp kết quả báo cáo UBND tỉnh.",
     {("Sở Nội vụ", "2023-12-31")}),
    ("đ) Các cơ quan, đơn vị, địa phương: Định kỳ hằng năm báo cáo tình hình triển khai thực hiện Đề án về Sở Nội vụ.",
     {("Các cơ quan, đơn vị, địa phương", "yearly")}),
    # a report owed after a clause in which the same bodies only support is theirs; a subject after an item's label
    # ("Chế độ báo cáo: ...") that sends a report owes it
    ("10. Các sở, ban, ngành, UBND các xã, phường căn cứ chức năng, nhiệm vụ được giao, chủ động phối hợp chặt chẽ với Sở "
     "Nông nghiệp và Môi trường trong công tác phòng, chống dịch bệnh động vật; kết quả thực hiện lồng ghép trong báo "
     "cáo định kỳ 6 tháng (trước ngày 10/6) gửi Sở NN&MT.",
     {("Các sở, ban, ngành cấp tỉnh", "semiannual"), ("UBND cấp xã", "semiannual")}),
    ("3. Chế độ báo cáo: các sở, ngành, UBND các xã, phường gửi báo cáo kết quả thực hiện về Sở Y tế trước ngày "
     "05/6/2026.", {("Các sở, ban, ngành cấp tỉnh", "2026-06-05"), ("UBND cấp xã", "2026-06-05")}),
    # the plan's own period, start dates and continuous work are not deadlines
    ("III. THỜI GIAN THỰC HIỆN\nTừ năm 2023 đến năm 2025.\nSở Nội vụ thực hiện thường xuyên từ ngày 01/7/2023.", set()),
    # dates of cited documents are not deadlines
    ("Thực hiện Quyết định số 1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ.", set()),
    # "hằng năm, mỗi huyện có ít nhất 05 điển hình": the quota's period, not a deadline
    ("Hằng năm, mỗi huyện, thành phố có ít nhất 05 điển hình tập thể, cá nhân tiêu biểu.", set()),
]
# fmt: on


@pytest.mark.parametrize("body, expected", DEADLINES)
def test_deadlines(body, expected):
    assert deadlines(body) == expected


TABLE = ("PHỤ LỤC\n|\nTT\n|\nNội dung thực hiện\n|\nCơ quan chủ trì\n|\nCơ quan phối hợp\n|\nThời gian hoàn thành\n|\n|\n"
         "1\n|\nTổ chức lại Ban Chỉ huy Phòng thủ dân sự\n|\nBộ CHQS tỉnh; UBND cấp xã\n|\nCác sở, ban, ngành\n|\n"
         "Trước ngày 30/11/2025\n|\n|\n2\n|\nHướng dẫn thanh toán chi phí\n|\nSở Y tế\n|\nSở Tài chính\n|\n2025\n|\n|\n"
         "3\n|\nDiễn tập phòng thủ dân sự\n|\nSở Xây dựng\n|\nCơ quan liên quan\n|\nThường xuyên\n|\n")


def _rows(*rows):
    return "".join("|\n" + "".join(cell + "\n|\n" for cell in row) for row in rows)


WARD_HEAD = ("ỦY BAN NHÂN DÂN\nPHƯỜNG HOÀN KIẾM\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 120/KH-UBND\n|\n"
             "Hoàn Kiếm, ngày 22 tháng 12 năm 2025\n|\nKẾ HOẠCH\nChuyển đổi số năm 2026\n")


def test_a_ward_s_own_units_and_its_residential_groups_owe_what_they_are_given():
    """In a ward's plan "các phòng, đơn vị" are the ward's own units (there are no districts since 2025), named as
    the plan names them; the villages and residential groups of a commune or ward are bodies that owe duties."""
    body = ("VI. TỔ CHỨC THỰC HIỆN\n2. Đối với các phòng, đơn vị thuộc UBND phường: triển khai các nhiệm vụ được giao.\n"
            "3. Các phòng, đơn vị báo cáo kết quả trước ngày 10/6/2026.\n"
            "4. Các thôn, tổ dân phố báo cáo kết quả định kỳ hằng quý.\n5. Trưởng các ấp vận động Nhân dân tham gia.\n"
            "6. Mỗi tổ dân phố có ít nhất 01 tổ công nghệ số cộng đồng.")
    doc = normalise(Source("x.txt", "", "text", (RawPage(1, WARD_HEAD + body, "text"),)))
    got = extract_document(doc).to_dict()
    assert {(d["agency"], d["due"] or d["recurrence"]) for d in got["deadlines"]} == {
        ("Các phòng, đơn vị thuộc UBND phường", "2026-06-10"), ("Các thôn, tổ dân phố", "quarterly")}
    assert {a["agency"] for a in got["assignments"]} == {
        "Các phòng, đơn vị thuộc UBND phường", "Các thôn, tổ dân phố", "Các ấp"}


def test_the_front_and_mass_organisations_a_ward_names_with_no_level_are_the_ward_s():
    body = ("VI. TỔ CHỨC THỰC HIỆN\n5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường, Hội Nông dân, Hội Liên hiệp Phụ "
            "nữ phối hợp tuyên truyền.\n6. Đề nghị Hội Cựu chiến binh tỉnh hỗ trợ phường.")
    doc = normalise(Source("x.txt", "", "text", (RawPage(1, WARD_HEAD + body, "text"),)))
    assert {a["agency"] for a in extract_document(doc).to_dict()["assignments"]} == {
        "Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Hội Nông dân phường", "Hội Liên hiệp Phụ nữ phường",
        "Hội Cựu chiến binh tỉnh"}
    assert {a["agency"] for a in record(body)["assignments"]} == {  # a province's plan: the province's
        "Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Cựu chiến binh tỉnh"}


def test_a_directive_s_opening_prose_tells_the_situation_and_its_figures_are_no_targets():
    head = HEAD.replace("KẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN", "CHỈ THỊ\nVề tăng cường phòng cháy, chữa cháy rừng")
    body = ("Năm 2024, tỷ lệ che phủ rừng toàn tỉnh đạt 45,8%; đã xảy ra 12 vụ cháy rừng. Phấn đấu giảm ít nhất 20% số "
            "vụ cháy rừng so với năm 2024, Chủ tịch UBND tỉnh chỉ thị:\n1. Sở Nông nghiệp và Môi trường bảo đảm 100% "
            "chủ rừng có phương án phòng cháy.")
    doc = normalise(Source("x.txt", "", "text", (RawPage(1, head + body, "text"),)))
    got = [(q["value"], q["percent"]) for q in extract_document(doc).to_dict()["quotas"]]
    assert got == [(20, True), (100, True)]


def test_roles_in_a_bracket_after_the_duty_give_it_to_the_names_and_its_time_to_the_lead():
    rec = record("III. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Tổ chức hội nghị tập huấn nghiệp vụ (Sở Nội vụ chủ trì, các sở, ngành "
                 "phối hợp; thời gian: Quý II/2023).\n2. Xây dựng cơ sở dữ liệu về cán bộ, công chức (giao Sở Tư pháp "
                 "thực hiện, hoàn thành trong năm 2023).\n3. Sở Y tế chủ trì tổ chức khám sàng lọc (Sở Tài chính phối hợp).")
    got = {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]}
    assert got == {("Sở Nội vụ", "lead", "Tổ chức hội nghị tập huấn nghiệp vụ"),
                   ("Các sở, ban, ngành cấp tỉnh", "support", "Tổ chức hội nghị tập huấn nghiệp vụ"),
                   ("Sở Tư pháp", "lead", "Xây dựng cơ sở dữ liệu về cán bộ, công chức"),
                   ("Sở Tài chính", "support", "Sở Y tế chủ trì tổ chức khám sàng lọc"),
                   ("Sở Y tế", "lead", "tổ chức khám sàng lọc (Sở Tài chính phối hợp)")}
    assert {(d["agency"], d["due"]) for d in rec["deadlines"]} == {("Sở Nội vụ", "2023-06-30"), ("Sở Tư pháp", "2023-12-31")}


def test_roles_after_a_colon_or_a_dash_give_the_duty_before_it_when_they_say_nothing_else():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n1. Tổ chức kiểm tra an toàn thực phẩm: Sở Y tế chủ trì; Sở Công Thương phối "
                 "hợp.\n3. Xây dựng quy chế phối hợp - Sở Tư pháp chủ trì, các sở, ngành phối hợp; hoàn thành trong Quý "
                 "III/2023.\n4. Về tuyên truyền: Sở Nội vụ chủ trì tổ chức tập huấn cho cán bộ cơ sở.")
    assert {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]} == {
        ("Sở Y tế", "lead", "Tổ chức kiểm tra an toàn thực phẩm"),
        ("Sở Công Thương", "support", "Tổ chức kiểm tra an toàn thực phẩm"),
        ("Sở Tư pháp", "lead", "Xây dựng quy chế phối hợp"),
        ("Các sở, ban, ngành cấp tỉnh", "support", "Xây dựng quy chế phối hợp"),
        ("Sở Nội vụ", "lead", "tổ chức tập huấn cho cán bộ cơ sở")}
    assert {(d["agency"], d["due"]) for d in rec["deadlines"]} == {("Sở Tư pháp", "2023-09-30")}


def test_a_heading_that_only_supports_gives_its_bodies_each_item_as_support():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n2. Sở Tài chính phối hợp:\n- Bố trí kinh phí thực hiện.\n- Hướng dẫn thanh "
                 "quyết toán.")
    assert {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]} == {
        ("Sở Tài chính", "support", "Bố trí kinh phí thực hiện"), ("Sở Tài chính", "support", "Hướng dẫn thanh quyết toán")}


def test_on_a_web_copy_a_heading_s_bodies_are_the_subject_that_stands_for_them():
    filler = ("Các sở, ban, ngành và UBND các xã, phường căn cứ chức năng, nhiệm vụ được giao chủ động triển khai "
              "thực hiện các nội dung của Kế hoạch này, bảo đảm tiến độ, chất lượng và hiệu quả.\n") * 3
    body = ("V. TỔ CHỨC THỰC HIỆN\n" + filler
            + "5. Sở Giáo dục và Đào tạo, Sở Y tế, Sở Nội vụ\n"
            "Các sở có trách nhiệm chủ trì các dự án được giao; xây dựng kế hoạch chi tiết, gửi Sở Dân tộc và Tôn giáo"
            " trước ngày 31/12/2025.\n"
            "6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội\n"
            "Đẩy mạnh tuyên truyền, vận động hội viên tham gia thực hiện Kế hoạch.\n")
    got = roles(body)
    assert {("Sở Giáo dục và Đào tạo", "lead"), ("Sở Y tế", "lead"), ("Sở Nội vụ", "lead"),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"),
            ("Các tổ chức chính trị - xã hội", "requested")} <= got
    assert {"Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nội vụ"} <= {a for a, d in deadlines(body) if d == "2025-12-31"}


def test_an_application_addressed_to_a_body_asks_nothing_of_it_and_a_target_s_quarters_are_due():
    body = ("V. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội\n"
            "- Lập danh sách các hộ; hướng dẫn hồ sơ đề nghị Sở Văn hóa, Thể thao và Du lịch thẩm định, công nhận.\n"
            "- Tổ chức ít nhất 02 lớp bồi dưỡng trong Quý I/2026.\n")
    assert roles(body) == {("Phòng Văn hóa - Xã hội", "lead")}
    assert deadlines(body) == {("Phòng Văn hóa - Xã hội", "2026-03-31")}


def test_a_heading_that_lists_bodies_by_their_heads_titles_gives_each_the_block():
    body = ("1. Thủ trưởng các sở, ban, ngành, Giám đốc các Ban Quản lý dự án, Chủ tịch UBND các xã, phường và các chủ"
            " đầu tư:\n"
            "a) Xây dựng kế hoạch giải ngân chi tiết, gửi Sở Tài chính trước ngày 25/8/2025.\n"
            "b) Phấn đấu đạt các mốc giải ngân như sau:\n"
            "- Đến ngày 30/9/2025: giải ngân đạt trên 60% kế hoạch vốn được giao;\n"
            "2. Sở Xây dựng và các chủ đầu tư có liên quan:\n"
            "- Kiểm tra chất lượng công trình; thời gian thực hiện từ tháng 10/2025 đến tháng 4/2026.\n")
    owners = {"Các sở, ban, ngành cấp tỉnh", "Các Ban Quản lý dự án", "UBND cấp xã", "Các chủ đầu tư"}
    assert {a for a, r in roles(body) if r == "lead"} == owners | {"Sở Xây dựng", "Các chủ đầu tư có liên quan"}
    got = deadlines(body)
    assert {(a, "2025-08-25") for a in owners} <= got
    assert not any(d == "2025-09-30" for _, d in got)  # the day a level of disbursement is to be reached
    assert ("Sở Xây dựng", "2026-04-30") in got  # a period of work is due at its end
    rec = record(body)
    assert [(q["comparator"], q["value"], q["scope"]) for q in rec["quotas"]] == [(">=", 60, "kế hoạch vốn")]


def test_a_collective_after_and_ends_a_subject_list():
    body = ("1. Yêu cầu chung\na) Các sở, ban, ngành, Ủy ban nhân dân các xã, phường và các chủ rừng xác định công tác "
            "phòng cháy, chữa cháy rừng là nhiệm vụ trọng tâm.\n")
    assert ("Các chủ rừng", "lead") in roles(body)


def test_a_collective_s_name_ends_at_its_place():
    body = ("V. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì, phối hợp với các trường cao đẳng trên địa bàn đào tạo, bồi dưỡng"
            " nguồn nhân lực.\n")
    assert ("Các trường cao đẳng trên địa bàn", "support") in roles(body)


def test_a_body_that_supports_in_its_own_article_owes_that_duty_there():
    body = ("Điều 17. Trách nhiệm của Sở Giáo dục và Đào tạo, Sở Văn hóa, Thể thao và Du lịch\n"
            "1. Sở Giáo dục và Đào tạo chỉ đạo các trường đưa nội dung kỹ năng phòng cháy vào hoạt động ngoại khóa.\n"
            "2. Sở Văn hóa, Thể thao và Du lịch phối hợp kiểm tra an toàn tại cơ sở lưu trú du lịch.\n")
    assert roles(body) == {("Sở Giáo dục và Đào tạo", "lead"), ("Sở Văn hóa, Thể thao và Du lịch", "lead")}


def test_a_directed_body_owes_by_its_own_verb():
    body = ("V. TỔ CHỨC THỰC HIỆN\n2. Sở Nông nghiệp và Môi trường\n"
            "- Chỉ đạo Chi cục Chăn nuôi và Thú y, Chi cục Thủy sản phối hợp với Ban Quản lý An toàn thực phẩm kiểm soát"
            " sản phẩm tươi sống.\n"
            "- Chỉ đạo Chi cục Kiểm lâm tăng cường kiểm tra.\n"
            "- Chỉ đạo các đơn vị trực thuộc thực hiện các giải pháp.\n"
            "- Chỉ đạo các cơ sở y tế trực thuộc phối hợp tuyên truyền.\n"
            "- Chỉ đạo các Đồn Biên phòng phối hợp với chủ rừng tuần tra.\n"
            "b) Chỉ đạo Chi cục Kiểm lâm:\n- Hướng dẫn các chủ rừng xây dựng phương án.\n")
    assert roles(body) == {("Sở Nông nghiệp và Môi trường", "lead"), ("Chi cục Chăn nuôi và Thú y", "support"),
                           ("Chi cục Thủy sản", "support"), ("Các Đồn Biên phòng", "support"),
                           ("Chi cục Kiểm lâm", "lead")}


def test_several_labelled_fields_on_one_line_each_give_their_own_role_and_time():
    rec = record("III. NHIỆM VỤ\n1. Rà soát, sắp xếp các đơn vị sự nghiệp công lập.\n- Đơn vị chủ trì: Sở Y tế; đơn vị "
                 "phối hợp: Sở Tài chính, Sở Nội vụ; thời gian hoàn thành: Quý III/2023.\n2. Kiểm tra việc thực hiện "
                 "chính sách. Cơ quan chủ trì: Thanh tra tỉnh. Thời gian thực hiện: năm 2023.\n3. Sở Xây dựng chủ trì "
                 "tổng hợp kết quả kiểm kê. Thời gian hoàn thành: Trước ngày 31/5/2024.")
    assert {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]} == {
        ("Sở Y tế", "lead", "Rà soát, sắp xếp các đơn vị sự nghiệp công lập"),
        ("Sở Tài chính", "support", "Rà soát, sắp xếp các đơn vị sự nghiệp công lập"),
        ("Sở Nội vụ", "support", "Rà soát, sắp xếp các đơn vị sự nghiệp công lập"),
        ("Thanh tra tỉnh", "lead", "Kiểm tra việc thực hiện chính sách"),
        ("Sở Xây dựng", "lead", "tổng hợp kết quả kiểm kê")}
    assert {(d["agency"], d["due"]) for d in rec["deadlines"]} == {
        ("Sở Y tế", "2023-09-30"), ("Thanh tra tỉnh", "2023-12-31"), ("Sở Xây dựng", "2024-05-31")}


@pytest.mark.parametrize("probe", [
    "Điều 5. Trách nhiệm của Sở Y tế\n1. Chủ trì tổ chức kiểm tra an toàn thực phẩm.\n2. Tổng hợp báo cáo UBND tỉnh "
    "định kỳ 6 tháng, hằng năm.\nĐiều 6. Trách nhiệm của Ủy ban nhân dân cấp xã\n1. Quản lý an toàn thực phẩm trên địa "
    "bàn.\n2. Báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 hằng năm.",
    "IV. TỔ CHỨC THỰC HIỆN\n3. Giao Sở Nội vụ tổng hợp, báo cáo Bộ Nội vụ trước ngày 31/3/2023.\n4. Đề nghị Ủy ban Mặt "
    "trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền.\nYêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai "
    "thực hiện./.",
])
def test_a_document_whose_web_copy_lost_its_line_breaks_gives_the_same_duties(probe):
    flat = " ".join(probe.split("\n")) + " " + "Phòng chống tai nạn giao thông hiệu quả trên địa bàn tỉnh. " * 3
    def found(body):
        rec = record(body)
        return ({(a["agency"], a["role"]) for a in rec["assignments"]},
                {(d["agency"], d["due"] or d["recurrence"]) for d in rec["deadlines"]})
    assert found(flat) == found(probe) and found(probe)[0]


def test_an_urgent_dispatch_and_a_notice_of_conclusions():
    dispatch = record("CÔNG ĐIỆN\nĐể chủ động ứng phó với bão số 5, Chủ tịch UBND tỉnh yêu cầu:\n1. Chủ tịch UBND các xã, "
                      "phường ven biển:\na) Tổ chức kêu gọi tàu thuyền vào nơi tránh trú an toàn; hoàn thành trước 17 giờ "
                      "ngày 24/8/2023.\n3. Sở Nông nghiệp và Môi trường theo dõi chặt chẽ diễn biến của bão, báo cáo Chủ "
                      "tịch UBND tỉnh trước 16 giờ hằng ngày.")
    assert {(a["agency"], a["role"], a["task"]) for a in dispatch["assignments"]} == {
        ("UBND cấp xã", "lead", "Tổ chức kêu gọi tàu thuyền vào nơi tránh trú an toàn"),
        ("Sở Nông nghiệp và Môi trường", "lead", "theo dõi chặt chẽ diễn biến của bão, báo cáo Chủ tịch UBND tỉnh trước 16 "
                                                 "giờ hằng ngày")}
    assert {(d["agency"], d["due"] or d["recurrence"]) for d in dispatch["deadlines"]} == {
        ("UBND cấp xã", "2023-08-24"), ("Sở Nông nghiệp và Môi trường", "daily")}
    notice = record("THÔNG BÁO\nChủ tịch UBND tỉnh kết luận như sau:\n2. Các chủ đầu tư khẩn trương hoàn thiện hồ sơ thanh "
                    "toán, hoàn thành trước ngày 30/11/2023.\nVăn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, "
                    "thực hiện./.")
    assert {(a["agency"], a["role"]) for a in notice["assignments"]} == {("Các chủ đầu tư", "lead")}


def test_a_department_s_plan_its_header_owes_nothing_and_its_units_are_read():
    doc = normalise(Source("so.txt", "", "text", (RawPage(1, (
        "UBND TỈNH HÀ TĨNH\nSỞ Y TẾ\nSố: 321/KH-SYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Tĩnh, ngày 12 tháng 3 năm "
        "2025\nKẾ HOẠCH\nCải cách hành chính năm 2025\nIV. TỔ CHỨC THỰC HIỆN\n2. Phòng Tổ chức cán bộ hướng dẫn các đơn "
        "vị thực hiện cải cách tổ chức bộ máy.\n4. Các đơn vị trực thuộc Sở xây dựng kế hoạch của đơn vị."), "text"),)))
    rec = extract_document(doc).to_dict()
    assert rec["issuer"] == "Sở Y tế"
    assert {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]} == {
        ("Phòng Tổ chức cán bộ", "lead", "hướng dẫn các đơn vị thực hiện cải cách tổ chức bộ máy"),
        ("Các đơn vị trực thuộc Sở", "lead", "xây dựng kế hoạch của đơn vị")}


@pytest.mark.parametrize("issuer, asked", [("BAN CHỈ HUY PCTT VÀ TKCN TỈNH THỪA THIÊN HUẾ\nVĂN PHÒNG THƯỜNG TRỰC", "requested"),
                                            ("ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "lead")])
def test_the_bodies_an_item_names_under_a_board_s_request_are_asked_too(issuer, asked):
    # a board's office asks; the committee's own request leaves its departments' items theirs. A company's legal
    # form is written out and its lower-case name runs to the predicate
    doc = normalise(Source("tb.txt", "", "text", (RawPage(1, issuer + (
        "\nSố: 254/TB-PCTT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nThừa Thiên Huế, ngày 06 tháng 9 năm 2022\nTHÔNG BÁO\n"
        "Cảnh báo, ứng phó với mưa lớn\nĐể chủ động ứng phó, Văn phòng Ban Chỉ huy PCTT và TKCN tỉnh đề nghị Ban Chỉ huy "
        "PCTT và TKCN các huyện, thị xã và thành phố Huế; các sở, ban ngành trong tỉnh triển khai các nội dung sau:\n"
        "1. Công ty TNHHNN một thành viên quản lý khai thác công trình thủy lợi tỉnh phối hợp với các địa phương có "
        "phương án vận hành hợp lý các công trình thủy lợi.\n2. Các chủ công trình hồ chứa nước thủy lợi, thủy điện tổ "
        "chức trực ban theo dõi, thực hiện nghiêm túc Quy trình vận hành.\n3. Sở Xây dựng chủ trì kiểm tra các công "
        "trình đang thi công."), "text"),)))
    got = {(a["agency"], a["role"]) for a in extract_document(doc).to_dict()["assignments"]}
    assert got == {("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn cấp huyện", "requested"),
                   ("Các sở, ban, ngành cấp tỉnh", "requested"), ("Sở Xây dựng", "lead"),
                   ("Công ty TNHHNN một thành viên quản lý khai thác công trình thủy lợi tỉnh",
                    "support"),
                   ("Các chủ công trình hồ chứa nước thủy lợi, thủy điện", asked)}


def test_a_task_table_written_one_row_a_line_gives_roles_and_deadlines(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(HEAD + "PHỤ LỤC\nTT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
                    "1 | Xây dựng cơ sở dữ liệu dân cư | Công an tỉnh | Sở TT&TT, UBND cấp huyện | Quý II/2023\n",
                    encoding="utf-8")
    rec = extract_document(normalise(read(path))).to_dict()
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Công an tỉnh", "lead"), ("Sở Thông tin và Truyền thông", "support"), ("UBND cấp huyện", "support")}
    assert [(d["agency"], d["due"]) for d in rec["deadlines"]] == [("Công an tỉnh", "2023-06-30")]


def test_a_time_column_s_period_and_listed_quarters_are_due_at_their_end():
    rec = record("PHỤ LỤC\n" + _rows(("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"),
                                   ("1", "Xây dựng đề án", "Sở Y tế", "Giai đoạn 2026-2030"),
                                   ("2", "Tập huấn", "Sở Nội vụ", "Quý I, II/2026"),
                                   ("3", "Tuyên truyền", "Sở Văn hóa, Thể thao và Du lịch", "Thường xuyên, hằng năm")))
    assert {(d["agency"], d["due"] or d["recurrence"]) for d in rec["deadlines"]} == {
        ("Sở Y tế", "2030-12-31"), ("Sở Nội vụ", "2026-06-30"), ("Sở Văn hóa, Thể thao và Du lịch", "yearly")}


def test_a_column_headed_only_by_the_bodies_names_the_leads():
    rec = record("PHỤ LỤC\n" + _rows(("TT", "Cơ quan, đơn vị", "Nhiệm vụ", "Thời gian hoàn thành"),
                                   ("1", "Sở Y tế", "Xây dựng kế hoạch tiêm chủng mở rộng", "Tháng 3/2024")))
    assert [(a["agency"], a["role"], a["task"]) for a in rec["assignments"]] == [
        ("Sở Y tế", "lead", "Xây dựng kế hoạch tiêm chủng mở rộng")]
    assert [(d["agency"], d["due"]) for d in rec["deadlines"]] == [("Sở Y tế", "2024-03-31")]


def test_one_performer_column_that_labels_its_lead_and_partners():
    rec = record("PHỤ LỤC\n" + _rows(("TT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian"),
                                   ("1", "Xây dựng kế hoạch chuyển đổi số", "Chủ trì: Sở Khoa học và Công nghệ; Phối hợp: "
                                    "các sở, ngành, UBND các xã", "Quý I/2024"),
                                   ("2", "Đào tạo nhân lực số", "Sở Nội vụ chủ trì; Sở Y tế phối hợp", "Năm 2024")))
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Sở Khoa học và Công nghệ", "lead"), ("Các sở, ban, ngành cấp tỉnh", "support"), ("UBND cấp xã", "support"),
        ("Sở Nội vụ", "lead"), ("Sở Y tế", "support")}
    assert {(d["agency"], d["due"]) for d in rec["deadlines"]} == {
        ("Sở Khoa học và Công nghệ", "2024-03-31"), ("Sở Nội vụ", "2024-12-31")}


def test_an_open_group_in_a_table_cell_runs_to_the_end_of_its_item():
    rec = record("PHỤ LỤC\n" + _rows(("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"),
                                   ("1", "Triển khai hạ tầng số và hạ tầng bưu chính", "Sở Khoa học và Công nghệ",
                                    "UBND các phường, xã; Các doanh nghiệp cung cấp dịch vụ bưu chính", "2026 - 2030")))
    assert ("Các doanh nghiệp cung cấp dịch vụ bưu chính", "support") in {
        (a["agency"], a["role"]) for a in rec["assignments"]}


def test_the_bodies_in_a_step_table_s_performer_cell_lead_the_step():
    # cao-bang-1948, son-la-2929: "Bước N | content | who does it | time", no header the reader knows
    rec = record("PHỤ LỤC\nQuy trình số 01\n" + _rows(
        ("Bước 1", "Tiếp nhận hồ sơ, chuyển bộ phận chuyên môn", "Bộ phận một cửa Sở Y tế tại Trung tâm Phục vụ hành chính "
         "công tỉnh", "0,5 ngày"),
        ("Bước 2", "Thẩm định hồ sơ, trình lãnh đạo Văn phòng phê duyệt", "Chuyên viên Phòng Khoa giáo - Văn xã, Văn phòng "
         "UBND tỉnh", "02 ngày"),
        ("Bước 3", "Liên thông Sở Nội vụ", "- Cán bộ một cửa Bộ Chỉ huy Quân sự tỉnh chuyển hồ sơ liên thông lên Sở Nội vụ",
         "01 ngày"),
        ("Bước 4", "Cấp phiếu xác minh", "Bộ Chỉ huy Quân sự tỉnh", "01 ngày"),
        ("Bước 5", "Phê duyệt kết quả", "Lãnh đạo Phòng Bảo trợ xã hội", "01 ngày"),
        # nghe-an-3854: the performer before the content
        ("Bước 6", "Chuyên viên Sở Nội vụ", "Dự thảo văn bản cho ý kiến về báo cáo trình Lãnh đạo Sở", "16 giờ"),
        # cao-bang-2022: a body no list holds fills the cell; the applicant does not
        ("Bước 7", "Đánh giá mức độ tổn thương của đối tượng", "Cơ sở trợ giúp xã hội.", "01 ngày"),
        ("Bước 8", "Nộp hồ sơ đề nghị", "Tổ chức, cá nhân", "Không")))
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Văn phòng UBND tỉnh", "lead"), ("Bộ Chỉ huy Quân sự tỉnh", "lead"), ("Sở Nội vụ", "lead"),
        ("Cơ sở trợ giúp xã hội", "lead")}


def test_the_steps_of_procedures_listed_after_the_signature_are_read_and_the_rest_of_the_list_is_not():
    # cao-bang-2031: the appendix heading ran into the signature's row, so the recipients seem to run to the end
    rec = record("Điều 4. Quyết định có hiệu lực kể từ ngày ký.\n" + _rows(
        ("Nơi nhận: - Như Điều 4; - Lưu: VT.", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Hải Hòa", "PHỤ LỤC II QUY TRÌNH NỘI BỘ")) + _rows(
        ("Bước 7", "Xem xét, thẩm định xử lý hồ sơ, trình lãnh đạo UBND tỉnh phê duyệt", "Chuyên viên phòng KGVX, Văn "
         "phòng UBND tỉnh", "1,25 ngày làm việc"),
        ("1", "Chứng thực bản sao", "Cơ quan, tổ chức tiếp nhận yêu cầu chứng thực có trách nhiệm trả kết quả", "2.000 đồng")))
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {("Văn phòng UBND tỉnh", "lead")}


def test_a_procedure_card_s_empty_label_row_is_no_table_header():
    # bac-ninh-1521: "Cơ quan thực hiện thủ tục hành chính | (empty)", then the legal bases: nobody cited there leads
    rec = record("PHỤ LỤC 3\n" + _rows(("Cơ quan thực hiện thủ tục hành chính", "")) + _rows(
        ("- Nghị định số 165/2024/NĐ-CP ngày 26/12/2024 của Chính phủ quy định chi tiết Luật Đường bộ; - Thông tư số "
         "41/2024/TT-BGTVT của Bộ Giao thông vận tải", "Mẫu số 01: Đơn đề nghị chấp thuận thiết kế")))
    assert not rec["assignments"]


def test_an_item_s_labelled_fields_give_its_agencies_its_form_and_its_year():
    rec = record("III. PHƯƠNG THỨC TUYÊN TRUYỀN\n1. Tuyên truyền trên báo, đài\n"
                 "Hình thức thực hiện: Xây dựng chuyên trang, chuyên mục.\nCơ quan thực hiện: Báo Ninh Thuận.\n"
                 "Cơ quan phối hợp: Sở Thông tin và Truyền thông.\nThời gian thực hiện: Năm 2023.")
    got = {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]}
    task = "Tuyên truyền trên báo, đài: Xây dựng chuyên trang, chuyên mục"
    assert {(n, r) for n, r, _ in got} == {("Báo Ninh Thuận", "lead"), ("Sở Thông tin và Truyền thông", "support")}
    assert all(t.startswith(task) for _, _, t in got), got
    assert {(d["agency"], d["due"]) for d in rec["deadlines"]} == {("Báo Ninh Thuận", "2023-12-31")}


def test_a_table_of_activities_gives_each_its_lead_its_partners_and_its_last_day(tmp_path):
    body = ("IV. CÁC HOẠT ĐỘNG\n| STT | Hoạt động | Thời gian | Địa điểm | Đơn vị chủ trì | Đơn vị phối hợp |\n"
            "|---|---|---|---|---|---|\n| 6 | Hội thi pha chế cà phê | Ngày 09/3 - 12/3/2026 | Đường Nguyễn Tất Thành | "
            "Phòng Quản lý du lịch | Sở Công Thương |\n")
    path = tmp_path / "kh.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    got = extract_document(normalise(read(path))).to_dict()
    assert {(a["agency"], a["role"], a["task"]) for a in got["assignments"]} == {
        ("Phòng Quản lý du lịch", "lead", "Hội thi pha chế cà phê"), ("Sở Công Thương", "support", "Hội thi pha chế cà phê")}
    assert {(d["agency"], d["due"]) for d in got["deadlines"]} == {("Phòng Quản lý du lịch", "2026-03-12")}


def test_task_table_columns_give_roles_and_deadlines():
    rec = record(TABLE)
    got = {(a["agency"], a["role"], a["section"]) for a in rec["assignments"]}
    assert ("Bộ Chỉ huy Quân sự tỉnh", "lead", "Phụ lục.1") in got
    assert ("UBND cấp xã", "lead", "Phụ lục.1") in got
    assert ("Các sở, ban, ngành cấp tỉnh", "support", "Phụ lục.1") in got
    assert ("Sở Tài chính", "support", "Phụ lục.2") in got
    dl = {(d["agency"], d["due"]) for d in rec["deadlines"]}
    assert dl == {("Bộ Chỉ huy Quân sự tỉnh", "2025-11-30"), ("UBND cấp xã", "2025-11-30"), ("Sở Y tế", "2025-12-31")}


@pytest.mark.parametrize("sentence", [
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành, cơ quan, đơn vị liên quan triển khai kịp thời, hiệu quả các nhiệm vụ được giao tại Kế hoạch.",
    "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị triển khai và thực hiện có hiệu quả các nội dung nêu trên.",
    "3. Các cơ quan, đơn vị, địa phương căn cứ nội dung Quyết định để triển khai thực hiện nghiêm túc, đầy đủ.",
    "Điều 3. Thủ trưởng các cơ quan, đơn vị thuộc UBND tỉnh; Ủy ban nhân dân các xã, phường; các cơ quan, tổ chức, "
    "cá nhân có liên quan căn cứ Quyết định thi hành./.",
])
def test_an_order_to_carry_out_the_whole_document_assigns_nothing(sentence):
    assert roles("V. TỔ CHỨC THỰC HIỆN\n" + sentence) == set()


def test_a_duty_done_in_the_course_of_carrying_out_the_plan_is_no_order_to_carry_it_out():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n3. Các Sở, ban, ngành cấp tỉnh\n- Phối hợp Sở Khoa học và Công nghệ và các đơn vị "
                 "liên quan tiếp nhận và giải quyết các khó khăn, vướng mắc trong quá trình triển khai Kế hoạch này.\n")
    assert [(a["agency"], a["role"]) for a in rec["assignments"]] == [("Các sở, ban, ngành cấp tỉnh", "lead")]


def test_a_block_heading_whose_name_wraps_before_its_place_keeps_the_whole_name():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n2. Ban Quản lý Khu kinh tế\nĐông Nam\n- Đề xuất những khu công nghiệp có mật độ "
                 "doanh nghiệp cao.\n")
    assert [(a["agency"], a["task"]) for a in rec["assignments"]] == [
        ("Ban Quản lý Khu kinh tế Đông Nam", "Đề xuất những khu công nghiệp có mật độ doanh nghiệp cao")]


def test_a_heading_wrapped_after_a_title_names_the_heads_body():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n8. Giám đốc\nSở, Thủ trưởng cơ quan, ban, ngành\na) Phối hợp Sở Nông nghiệp và "
                 "Môi trường tuyên truyền, phổ biến quy định của pháp luật về tài nguyên nước.\n")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {("Các sở, ban, ngành cấp tỉnh", "lead")}


def test_names_given_a_duty_across_a_semicolon_share_it():
    rec = record("Điều 2. Giao Văn phòng Ủy ban nhân dân tỉnh; Sở Dân tộc và Tôn giáo thực hiện công khai thủ tục hành chính "
                 "nội bộ được ban hành trên Cổng thông tin điện tử tỉnh.\n")
    duty = "thực hiện công khai thủ tục hành chính nội bộ được ban hành trên Cổng thông tin điện tử tỉnh"
    assert {(a["agency"], a["role"], a["task"]) for a in rec["assignments"]} == {
        ("Văn phòng Ủy ban nhân dân tỉnh", "lead", duty), ("Sở Dân tộc và Tôn giáo", "lead", duty)}
    # the next names of an order's list are no duty of the names before them
    rec = record("VI. TỔ CHỨC THỰC HIỆN\nYêu cầu các sở, ban, ngành, đoàn thể tỉnh; UBND các phường, xã; các đơn vị liên quan "
                 "căn cứ nhiệm vụ được phân công triển khai thực hiện tốt Kế hoạch này.\n")
    assert not [a for a in rec["assignments"] if a["task"] == "UBND các phường, xã" and a["agency"] != "UBND cấp xã"]


def test_a_collective_inside_a_list_of_partners_supports_too():
    rec = record("Điều 2. Trách nhiệm thực hiện\n1. Sở Y tế\nb) Chủ trì, phối hợp với Sở Khoa học và Công nghệ, đơn vị cung "
                 "cấp dịch vụ công nghệ thông tin và các cơ quan, đơn vị liên quan căn cứ quy trình nội bộ xây dựng quy "
                 "trình điện tử.\n")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Sở Y tế", "lead"), ("Sở Khoa học và Công nghệ", "support"),
        ("Đơn vị cung cấp dịch vụ công nghệ thông tin", "support"), ("Các cơ quan, đơn vị, địa phương", "support")}


@pytest.mark.parametrize("line, expected", [
    ("4. Từ ngày 01 tháng 12 năm 2025, Trung tâm Phục vụ hành chính công tỉnh tổ chức thực hiện việc tiếp nhận, trả kết "
     "quả giải quyết TTHC không phụ thuộc vào địa giới hành chính.", ("Trung tâm Phục vụ hành chính công tỉnh", "lead")),
    ("c) Trong quý I của năm liền kề đánh giá, Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan tiến hành rà soát, "
     "đánh giá kết quả chấm điểm.", ("Sở Nội vụ", "lead")),
    # a condition after a first lead-in: "Trong quá trình thực hiện, trường hợp ..., Sở Nội vụ phối hợp ..."
    ("2. Trong quá trình thực hiện, trường hợp có khó khăn, vướng mắc hoặc phát sinh những vấn đề cần bổ sung, sửa đổi cho "
     "phù hợp với yêu cầu nhiệm vụ, Sở Nội vụ phối hợp với các cơ quan, đơn vị có liên quan thống nhất trình Ủy ban nhân "
     "dân tỉnh xem xét, quyết định.", ("Sở Nội vụ", "support")),
    # a condition before the subject ends at its first comma before a capital, not at the subject's own comma
    ("Đối với hồ sơ TTHC đã được cung cấp dịch vụ công trực tuyến, Trung tâm Phục vụ hành chính công tỉnh, Trung tâm Phục "
     "vụ hành chính công cấp xã thực hiện cung cấp thông tin, hướng dẫn tổ chức, cá nhân.",
     ("Trung tâm Phục vụ hành chính công tỉnh", "lead")),
])
def test_a_time_phrase_before_the_subject_is_a_lead_in(line, expected):
    assert expected in {(a["agency"], a["role"]) for a in record("Điều 3. Tổ chức thực hiện\n" + line + "\n")["assignments"]}


def test_a_heading_collective_made_up_of_the_bodies_in_its_brackets_gives_them_its_duties():
    rec = record("I. TRÁCH NHIỆM\n1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên, Ban Quản lý "
                 "các Khu công nghiệp tỉnh):\na) Là đầu mối chủ trì, tiếp nhận hồ sơ, tổ chức lấy ý kiến thẩm định.\n"
                 "2. Sở Nội vụ (Ban Thi đua - Khen thưởng):\na) Tổ chức hội nghị tổng kết.\n")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Sở Tài chính", "lead"), ("Ban Quản lý Khu kinh tế Phú Yên", "lead"), ("Ban Quản lý các Khu công nghiệp", "lead"),
        ("Sở Nội vụ", "lead")}


def test_a_regulation_whose_title_runs_into_its_attachment_line_is_read_after_the_signature():
    """The attached regulation's title and "(Ban hành kèm theo Quyết định ...)" read as one line: the regulation still
    begins there, and its articles give duties."""
    rec = record("Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\nĐiều 2. Chánh Văn phòng UBND tỉnh, Chánh "
                 "Thanh tra tỉnh chịu trách nhiệm thi hành Quyết định này./.\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n"
                 "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nVõ Thanh Bình\n"
                 "QUY CHẾ PHỐI HỢP TRONG CÔNG TÁC TIẾP CÔNG DÂN (Ban hành kèm theo Quyết định số 3980/QĐ-UBND ngày 14 tháng "
                 "10 năm 2025 của UBND tỉnh)\nChương I\nQUY ĐỊNH CHUNG\nĐiều 13. Trách nhiệm của Thanh tra tỉnh\n"
                 "1. Chủ trì theo dõi, đôn đốc việc giải quyết khiếu nại; báo cáo UBND tỉnh trước ngày 15/12/2025.\n")
    assert ("Thanh tra tỉnh", "lead") in {(a["agency"], a["role"]) for a in rec["assignments"]}


def test_a_body_a_heading_lists_beside_one_its_items_name_owes_the_block():
    """"15. Đề nghị Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội" then items asking the Front and named unions:
    the unions' collective, listed by the heading and named by no item, is asked the block's duties; a heading
    naming one body whose items name others gives it nothing of theirs."""
    rec = record("V. TỔ CHỨC THỰC HIỆN\n15. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội\n"
                 "- Đề nghị Ủy ban MTTQ Việt Nam tỉnh chỉ đạo Ủy ban MTTQ các xã, phường tuyên truyền, vận động nhân dân.\n"
                 "- Đề nghị Hội Nông dân tỉnh lồng ghép nội dung chăm sóc sức khỏe trong sinh hoạt chi, tổ hội.\n"
                 "16. Các sở, ban, ngành\n- Sở Tài chính bố trí kinh phí thực hiện kế hoạch.\n")
    got = {(a["agency"], a["role"]): a["task"] for a in rec["assignments"]}
    assert set(got) == {("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"), ("Hội Nông dân tỉnh", "requested"),
                        ("Các tổ chức chính trị - xã hội", "requested"), ("Sở Tài chính", "lead")}
    assert "lồng ghép nội dung chăm sóc sức khỏe" in got[("Các tổ chức chính trị - xã hội", "requested")]


def test_a_label_before_the_subject_is_what_the_item_is_about_when_a_predicate_follows_the_subject():
    rec = record("II. NHIỆM VỤ\n1. Sở Y tế\nb) Thực hiện mở tài khoản và phát hành thẻ: Ủy ban nhân dân xã, phường phối hợp "
                 "với các Ngân hàng thương mại thực hiện mở tài khoản cho đối tượng.\n"
                 "c) Đối tượng thực hiện thủ tục hành chính: Ủy ban nhân dân cấp xã, Ủy ban nhân dân tỉnh.\n")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {("UBND cấp xã", "support"), ("Sở Y tế", "lead")}


def test_a_label_before_bodies_whose_subject_runs_on_in_words_no_list_holds_still_gives_them_the_duty():
    rec = record("VI. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường chủ trì theo dõi.\n"
                 "2. Chế độ báo cáo: UBND các xã, phường và các cơ quan được giao nhiệm vụ báo cáo kết quả thực hiện "
                 "định kỳ hằng quý.\n")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Sở Nông nghiệp và Môi trường", "lead"), ("UBND cấp xã", "lead"), ("Các cơ quan, đơn vị, địa phương", "lead")}
    assert {(d["agency"], d["recurrence"]) for d in rec["deadlines"]} >= {("UBND cấp xã", "quarterly")}


def test_a_duty_due_at_the_same_times_as_the_one_before_takes_its_deadlines():
    rec = record("VII. CHẾ ĐỘ BÁO CÁO\n- UBND các xã, phường báo cáo kết quả hằng quý, báo cáo năm trước ngày 10/12/2026.\n"
                 "- Bảo hiểm xã hội tỉnh báo cáo kết quả thực hiện nhiệm vụ được giao theo cùng thời hạn nêu trên.\n"
                 "- Sở Nội vụ báo cáo kết quả theo thời hạn quy định.\n")
    got = {(d["agency"], d["due"] or d["recurrence"]) for d in rec["deadlines"]}
    assert got == {("UBND cấp xã", "quarterly"), ("UBND cấp xã", "2026-12-10"),
                   ("Bảo hiểm xã hội tỉnh", "quarterly"), ("Bảo hiểm xã hội tỉnh", "2026-12-10")}


def test_a_heading_naming_a_long_collective_that_has_duties_heads_its_block():
    # can-tho-09: the collective opens with a comma ("Các tổ chức, cá nhân ..."), no lead-in; "Các ngành, lĩnh vực" is a topic
    rec = record("III. NHIỆM VỤ\n12. Các tổ chức, cá nhân và hộ gia đình khai thác sử dụng tài nguyên nước dưới đất trên địa "
                 "bàn có trách nhiệm\na) Thực hiện các quy định về khai thác, sử dụng tài nguyên nước dưới đất.\n"
                 "13. Các ngành, lĩnh vực khác\n- Xây dựng kế hoạch chuyển đổi số chuyên ngành.\n")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {
        ("Các tổ chức, cá nhân và hộ gia đình khai thác sử dụng tài nguyên nước dưới đất trên địa bàn", "lead")}


def test_a_collective_whose_words_run_into_a_count_is_no_addressee():
    """"...; mỗi trường THPT đóng góp tối thiểu 30 học liệu số được thẩm định": a target's bearer, no body named
    "Mỗi trường THPT đóng góp tối thiểu 30 học liệu số"."""
    rec = record("I. MỤC TIÊU\nb) Về học liệu số\n- Xây dựng và chia sẻ ít nhất 1.200 bài giảng điện tử lên Kho học liệu "
                 "số dùng chung; mỗi trường THPT đóng góp tối thiểu 30 học liệu số được thẩm định.\n")
    assert not [a for a in rec["assignments"] if "30" in a["agency"]]
    # a number with a thousands point runs into the name too: "... tổ chức bồi dưỡng cho 1.200 giáo viên"
    rec = record("VI. TỔ CHỨC THỰC HIỆN\n3. Phòng Tổ chức cán bộ\n- Chủ trì, phối hợp các cơ sở đào tạo tổ chức bồi dưỡng "
                 "cho 1.200 giáo viên (từ tháng 4/2026 đến tháng 11/2026); lựa chọn, cử 60 giáo viên đi bồi dưỡng.\n")
    assert not [a for a in rec["assignments"] if "cho 1" in a["agency"]]


def test_an_open_group_that_lists_its_kinds_is_one_collective():
    rec = record("V. TỔ CHỨC THỰC HIỆN\nc) Các doanh nghiệp, tổ chức kinh tế, cơ sở giáo dục, đào tạo bố trí kinh phí từ ngân "
                 "sách tự chủ của mình để thực hiện các nhiệm vụ được giao.\n")
    assert [(a["agency"], a["role"]) for a in rec["assignments"]] == [
        ("Các doanh nghiệp, tổ chức kinh tế, cơ sở giáo dục, đào tạo", "lead")]


def test_a_cited_law_the_document_taking_effect_or_a_standing_role_is_no_duty():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n2. Sở Tài chính chủ trì bố trí kinh phí chi thường xuyên để triển khai Kế hoạch "
                 "này theo Luật Ngân sách nhà nước; Nghị quyết số 197/2025/QH15 của Quốc hội về một số cơ chế đặc biệt.\n"
                 "3. Sở Nội vụ - Cơ quan thường trực Ban Chỉ đạo\n- Tham mưu Ban Chỉ đạo đôn đốc, kiểm tra việc thực hiện.\n"
                 "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tư pháp chịu trách nhiệm thi hành Kế hoạch này. "
                 "Kế hoạch này có hiệu lực kể từ ngày ký./.")
    tasks = {(a["agency"], a["task"]) for a in rec["assignments"]}
    assert tasks == {
        ("Sở Tài chính", "bố trí kinh phí chi thường xuyên để triển khai Kế hoạch này theo Luật Ngân sách nhà nước"),
        ("Sở Nội vụ", "Tham mưu Ban Chỉ đạo đôn đốc, kiểm tra việc thực hiện"),
    }


def test_the_objects_listed_under_a_duty_belong_to_it_while_duties_listed_under_a_heading_stay_apart():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\na) Tham mưu Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh "
                 "quyết định:\n- Phương án phân bổ vốn kế hoạch đầu tư công trung hạn;\n- Mức vốn đối ứng từ ngân sách địa "
                 "phương (nếu có).\nb) Lập, giao kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030.\n2. Sở Nội vụ có trách "
                 "nhiệm:\n- Hướng dẫn các cơ quan xây dựng kế hoạch.\n- Tổng hợp, báo cáo kết quả thực hiện.")
    got = sorted((a["agency"], a["task"]) for a in rec["assignments"])
    assert got == [
        ("Sở Nội vụ", "Hướng dẫn các cơ quan xây dựng kế hoạch"),
        ("Sở Nội vụ", "Tổng hợp, báo cáo kết quả thực hiện"),
        ("Sở Tài chính", "Lập, giao kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030"),
        ("Sở Tài chính", "Tham mưu Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh quyết định: Phương án phân bổ vốn "
                         "kế hoạch đầu tư công trung hạn; Mức vốn đối ứng từ ngân sách địa phương (nếu có)"),
    ]


def test_a_listed_object_wrapped_onto_a_line_without_a_marker_stays_in_its_duty():
    body = ("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\na) Tham mưu Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh "
            "quyết định:\n- Phương án phân bổ vốn kế hoạch đầu tư công trung hạn;\n- Cơ chế, chính sách thực hiện\n"
            "Chương trình sử dụng nguồn ngân sách địa phương.\nb) Lập, giao kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030.\n")
    doc = normalise(Source("x.pdf", "", "pdf", (RawPage(1, HEAD + body, "pdf-text"),)))
    assert [a["task"] for a in extract_document(doc).to_dict()["assignments"]] == [
        "Tham mưu Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh quyết định: Phương án phân bổ vốn kế hoạch đầu tư "
        "công trung hạn; Cơ chế, chính sách thực hiện; Chương trình sử dụng nguồn ngân sách địa phương",
        "Lập, giao kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030",
    ]


def test_a_clause_that_goes_on_with_the_objects_of_the_duty_before_it_is_that_duty():
    rec = record("IV. TỔ CHỨC THỰC HIỆN\n3. Sở Tài chính\n- Chủ trì, phối hợp với các sở, ngành liên quan hướng dẫn các nhà đầu tư về "
                 "thủ tục đầu tư vào nông nghiệp, nông thôn; các dự án nhà máy chế biến nông sản tại tỉnh; Tiếp tục thu hút "
                 "các nhà đầu tư vào lĩnh vực chế biến.")
    got = sorted(a["task"] for a in rec["assignments"] if a["agency"] == "Sở Tài chính")
    assert got == ["Tiếp tục thu hút các nhà đầu tư vào lĩnh vực chế biến",
                   "hướng dẫn các nhà đầu tư về thủ tục đầu tư vào nông nghiệp, nông thôn; các dự án nhà máy chế biến "
                   "nông sản tại tỉnh"]


def test_the_issuer_s_partner_in_a_duty_is_not_the_agency_s_support():
    got = roles("IV. TỔ CHỨC THỰC HIỆN\n2. Sở Y tế\nChủ trì, phối hợp với các đơn vị liên quan tham mưu Ủy ban nhân dân tỉnh "
                "phối hợp Bộ Y tế tổ chức triển khai thực hiện Dự án 6 trên địa bàn tỉnh.")
    assert got == {("Sở Y tế", "lead"), ("Các cơ quan, đơn vị, địa phương", "support")}  # not Bộ Y tế


def test_cases_are_no_collective_addressee():
    assert roles("IV. TỔ CHỨC THỰC HIỆN\n2. Các trường hợp miễn nhiệm báo cáo viên pháp luật bao gồm: tự nguyện xin thôi "
                 "làm báo cáo viên.") == set()


def test_a_regulation_on_one_body_s_functions_gives_it_the_duties_of_its_powers_article(corpus):
    # Hà Tĩnh 2979/QĐ-UBND: "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Tư pháp"
    from pipeline import extract

    rec = extract(corpus / "pool" / "ha-tinh-2979-qd-ubnd-2025.txt")
    own = [a.task for a in rec.assignments if (a.agency, a.role) == ("Sở Tư pháp", "lead")]
    assert any(t.startswith("Trình Ủy ban nhân dân tỉnh: Dự thảo nghị quyết của Hội đồng nhân dân tỉnh") for t in own)
    assert not any(t.startswith(("là cơ quan chuyên môn", "có tư cách pháp nhân")) for t in own)
    assert "Về phổ biến, giáo dục pháp luật, hòa giải ở cơ sở và chuẩn tiếp cận pháp luật" not in own  # a topic heading
    cycles = {d.recurrence for d in rec.deadlines if d.agency == "Sở Tư pháp"}
    assert {"quarterly", "yearly"} <= cycles  # "đ) Định kỳ hàng quý, năm ... báo cáo Chủ tịch UBND tỉnh"


def test_partners_named_after_a_colon_support():
    got = roles("Điều 2. Giao Sở Y tế chủ trì, phối hợp với các đơn vị: Văn phòng UBND tỉnh (Trung tâm Công báo - Tin học) "
                "và các cơ quan, đơn vị liên quan căn cứ Quyết định này công khai các thủ tục hành chính.")
    assert got == {("Sở Y tế", "lead"), ("Văn phòng UBND tỉnh", "support"),
                   ("Các cơ quan, đơn vị, địa phương", "support")}


def test_an_item_opening_with_khuyen_khich_asks_the_bodies_it_names():
    got = roles("IV. TỔ CHỨC THỰC HIỆN\n16. Khuyến khích Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh chỉ đạo hệ thống "
                "tổ chức đoàn cơ sở các cấp cử đầu mối tới tận cấp xã.\n17. Khuyến khích Liên đoàn Lao động tỉnh, "
                "Hội Nông dân tỉnh xây dựng kế hoạch hành động.\n18. Sở Khoa học và Công nghệ triển khai các chính "
                "sách khuyến khích doanh nghiệp đổi mới công nghệ.")
    assert got == {("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "requested"), ("Liên đoàn Lao động tỉnh", "requested"),
                   ("Hội Nông dân tỉnh", "requested"), ("Sở Khoa học và Công nghệ", "lead")}


def test_rows_that_open_with_a_number_the_header_lacks_are_read_in_their_columns(corpus):
    # Đồng Nai 179/KH-UBND, appendix IV: the header "Nội dung | Đơn vị thực hiện | Đơn vị phối hợp |
    # Thời gian thực hiện" has its last cell ("Sản phẩm đầu ra") on a line of its own and no number
    # column, while its rows open with " | 4.1 |"
    from pipeline import extract

    rec = extract(corpus / "documents" / "dong-nai-179-kh-ubnd-2025.txt")
    got = {(a.agency, a.role) for a in rec.assignments if a.task.startswith("Triển khai, cập nhật, duy trì")}
    assert got == {("Bảo hiểm xã hội tỉnh", "lead"), ("Các sở, ban, ngành cấp tỉnh", "support"), ("UBND cấp xã", "support")}
    banks = {a.agency for a in rec.assignments if a.agency.startswith("Ngân hàng")}
    assert banks == {"Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II"}
    # a collective filling its cell: "6.5 | Mở chuyên ngành ... | Các Trường Đại học, Cao đẳng trên địa bàn tỉnh | ..."
    schools = {a.agency for a in rec.assignments if a.task.startswith("Mở chuyên ngành đào tạo về “Chuyển đổi số”")}
    assert "Các Trường Đại học, Cao đẳng trên địa bàn tỉnh" in schools and "Trường Đại học, Cao đẳng" not in schools


PAGE1 = HEAD + TABLE.split("3\n|\nDiễn tập")[0] + "\n"
ROW4 = "|\n4\n|\nKiểm tra việc thực hiện Kế hoạch\n|\nSở Nội vụ\n|\nSở Tư pháp\n|\nTrước ngày 15/12/2025\n|\n"
PARAGRAPH = ("Các cơ quan, đơn vị căn cứ nội dung Kế hoạch này, chủ động xây dựng kế hoạch cụ thể để tổ chức "
             "triển khai thực hiện có hiệu quả, bảo đảm đúng tiến độ đề ra.\n\n")


def two_pages(page1: str, page2: str) -> dict:
    pages = (RawPage(1, page1, "pdf-text"), RawPage(2, page2, "pdf-text"))
    return extract_document(normalise(Source("x.pdf", "", "pdf", pages))).to_dict()


# fmt: off
CONTINUED = [
    # after the page break, under the page number, the table goes on without its header row
    (PAGE1, "2\n\n" + ROW4,                  {("Sở Nội vụ", "lead"), ("Sở Tư pháp", "support")}),
    (PAGE1, ROW4,                               {("Sở Nội vụ", "lead"), ("Sở Tư pháp", "support")}),
    # a paragraph between: a new header-less table is not the task table
    (PAGE1, PARAGRAPH + ROW4,                   set()),
    # on the same page, after the table ended: not a continuation either
    (PAGE1 + "\n" + ROW4, "2\n",              set()),
]
# fmt: on


@pytest.mark.parametrize("page1, page2, expected", CONTINUED)
def test_a_task_table_continued_on_the_next_page_keeps_its_columns(page1, page2, expected):
    got = {(a["agency"], a["role"]) for a in two_pages(page1, page2)["assignments"] if a["section"] == "Phụ lục.4"}
    assert got == expected


# fmt: off
QUOTAS = [
    # what is measured keeps its qualifier ("đạt chuẩn", "đạt danh hiệu") and its place; a comma inside it stays
    ("Tỷ lệ trường đạt chuẩn quốc gia đạt 70%", [("=", 70, True, "Tỷ lệ trường đạt chuẩn quốc gia")]),
    ("Phấn đấu 80% số xã đạt chuẩn nông thôn mới", [("=", 80, True, "số xã đạt chuẩn nông thôn mới")]),
    ("Tỷ lệ hộ nghèo toàn tỉnh giảm còn dưới 2%", [("<=", 2, True, "Tỷ lệ hộ nghèo toàn tỉnh")]),
    ("Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến toàn trình đạt trên 90%",
     [(">=", 90, True, "Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến toàn trình")]),
    ("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) đạt 8 - 8,5%",
     [("range", 8, True, "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)")]),
    ("Giảm từ 5% đến 10% số vụ tai nạn giao thông", [("range", 5, True, "số vụ tai nạn giao thông")]),
    # "là" inside what a rate measures makes no definition of it
    ("Tỷ lệ lao động là người dân tộc thiểu số qua đào tạo đạt 48%, trong đó có bằng cấp, chứng chỉ đạt 24%",
     [("=", 48, True, "Tỷ lệ lao động là người dân tộc thiểu số qua đào tạo"), ("=", 24, True, "có bằng cấp, chứng chỉ")]),
    # a level ("bậc 3", "cấp độ 2") is no target's value
    ("100% giáo viên tiếng Anh tại các Trung tâm GDNN-GDTX đạt tối thiểu bậc 4 (B2)",
     [("=", 100, True, "giáo viên tiếng Anh tại các Trung tâm GDNN-GDTX")]),
    # a yearly count's scope is what it counts, not the year
    ("Mỗi năm tổ chức ít nhất 01 hội nghị sơ kết", [(">=", 1, False, "hội nghị sơ kết")]),
    # a product's grade is no target of its own
    ("Mỗi huyện có ít nhất 02 sản phẩm OCOP đạt 4 sao trở lên", [(">=", 2, False, "Mỗi huyện")]),
    ("mỗi huyện, thành phố có ít nhất 05 điển hình tập thể, cá nhân tiêu biểu", [(">=", 5, False, "mỗi huyện, thành phố")]),
    # a place alone is no scope (ANNOTATION.md): what is counted is
    ("Toàn tỉnh có ít nhất 15 điển hình tập thể, cá nhân tiêu biểu", [(">=", 15, False, "điển hình tập thể, cá nhân tiêu biểu")]),
    ("Đến năm 2027: toàn tỉnh có ít nhất 1.000 sản phẩm OCOP đạt từ 3 sao trở lên, trong đó có 110 sản phẩm đạt 4 sao và "
     "02 sản phẩm đạt 5 sao", [(">=", 1000, False, "sản phẩm OCOP đạt từ 3 sao trở lên"), ("=", 2, False, "sản phẩm đạt 5 sao")]),  # a count bears no count
    ("100% cơ quan, đơn vị, địa phương xây dựng tiêu chuẩn, tiêu chí cụ thể", [("=", 100, True, "cơ quan, đơn vị, địa phương")]),
    ("mỗi cơ quan, đơn vị, địa phương, giới thiệu từ 01 đến 02 tập thể, cá nhân tiêu biểu",
     [("range", 1, False, "mỗi cơ quan, đơn vị, địa phương")]),
    ("phấn đấu có ít nhất 10% đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật từ nguồn thu hút",
     [(">=", 10, True, "đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật")]),
    # a count's scope is what it counts, unless a bearer has it ("mỗi huyện có ...")
    ("Lựa chọn ít nhất 01 doanh nghiệp, hợp tác xã đóng vai trò đơn vị thu gom", [(">=", 1, False, "doanh nghiệp, hợp tác xã")]),
    # a bullet is no minus sign; a measured quantity keeps its whole scope; yearly rates and ranges
    ("- 100% các khu công nghệ cao, khu công nghiệp có tối thiểu 1 trạm phát sóng 5G",
     [("=", 100, True, "các khu công nghệ cao, khu công nghiệp"), (">=", 1, False, "các khu công nghệ cao, khu công nghiệp")]),
    ("tỷ lệ nam, nữ thanh niên được tư vấn, khám sức khỏe trước khi kết hôn đạt 90%",
     [("=", 90, True, "tỷ lệ nam, nữ thanh niên được tư vấn, khám sức khỏe trước khi kết hôn")]),
    ("tốc độ tăng bình quân đạt 10 - 13%/năm", [("range", 10, True, "tốc độ tăng bình quân")]),
    ("Tổng sản phẩm Xoài tham gia xuất khẩu phấn đấu đến năm 2030 đạt 18.000 tấn",
     [("=", 18000, False, "Tổng sản phẩm Xoài tham gia xuất khẩu")]),
    # the second number of a pair takes the first's comparator
    ("Ủy ban nhân dân xã, phường: Xét tối đa 15 tập thể và 30 cá nhân",
     [("<=", 15, False, "Ủy ban nhân dân xã, phường"), ("<=", 30, False, "Ủy ban nhân dân xã, phường")]),
    # ... but without a bearer each counts its own
    ("Đào tạo sau đại học tối thiểu 300 thạc sĩ và 50 tiến sĩ thuộc các lĩnh vực công nghệ số",
     [(">=", 300, False, "thạc sĩ"), (">=", 50, False, "tiến sĩ thuộc các lĩnh vực công nghệ số")]),
    # a range of percentages; a measured quantity ends before its verb ("giảm"), not inside a noun ("cắt giảm")
    ("Phấn đấu tỷ lệ hộ nghèo giảm hàng năm 1%-1,5%", [("range", 1, True, "tỷ lệ hộ nghèo")]),
    ("Phấn đấu tỷ lệ cắt giảm chi phí tuân thủ đạt 10%", [("=", 10, True, "tỷ lệ cắt giảm chi phí tuân thủ")]),
    # "người sử dụng", "người tham gia", "thời gian thực hiện" are nouns, not the predicate that ends the scope
    ("Phấn đấu trên 90% người nghiện ma túy, người sử dụng trái phép chất ma túy được tư vấn",
     [(">=", 90, True, "người nghiện ma túy, người sử dụng trái phép chất ma túy")]),
    ("Phấn đấu cắt giảm tối thiểu 30% thời gian thực hiện TTHC", [(">=", 30, True, "thời gian thực hiện TTHC")]),
    # leading verbs and time phrases are no scope; a comparator word is not part of it
    ("Trong giai đoạn 2026 - 2030, Đảm bảo xây dựng trạm BTS 5G đạt 100%", [("=", 100, True, "trạm BTS 5G")]),
    ("Phấn đấu tỷ số giới tính khi sinh dưới 109 bé trai/100 bé gái sinh ra sống", [("<=", 109, False, "tỷ số giới tính khi sinh")]),
    # the next clause is not what a percentage measures; "số vụ ..." opens a measured quantity
    ("Hằng năm, số vụ phạm tội về ma túy được phát hiện, bắt giữ tăng trên 3%; số vụ phạm tội về ma túy có tổ chức "
     "xuyên quốc gia được phát hiện, bắt giữ tăng trên 3%",
     [(">=", 3, True, "số vụ phạm tội về ma túy được phát hiện, bắt giữ"),
      (">=", 3, True, "số vụ phạm tội về ma túy có tổ chức xuyên quốc gia được phát hiện, bắt giữ")]),
    ("Phấn đấu 100% các điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy được phát hiện và triệt phá",
     [("=", 100, True, "các điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy")]),
    # road-safety targets: what is cut is the scope, not the dimensions it is counted in
    ("Kiềm chế và kéo giảm tai nạn giao thông (TNGT) từ 5 - 10% về số vụ, số người chết và bị thương so với năm 2020",
     [("range", 5, True, "tai nạn giao thông (TNGT)")]),
    # a time phrase or a quoted status ends the scope
    ("phấn đấu đạt 20% xã, phường “không ma túy” năm 2025", [("=", 20, True, "xã, phường")]),
    # a share measures the quantity before it; what follows the % is only its base
    ("Phấn đấu tỷ trọng kinh tế số đạt tối thiểu 30% GRDP", [(">=", 30, True, "tỷ trọng kinh tế số")]),
    ("Phấn đấu nâng tỷ lệ hoạt động trực tuyến chiếm tối thiểu 80% các hoạt động trong mỗi cơ quan",
     [(">=", 80, True, "tỷ lệ hoạt động trực tuyến")]),
    # not quotas: definitions and their criteria
    ("Xã miền núi là xã đáp ứng ít nhất 01 trong 02 tiêu chí sau đây", []),
    ("Dân tộc có khó khăn đặc thù là dân tộc có dân số dưới 10.000 người", []),
    ("+ Có dưới 80% đường xã được nhựa hóa hoặc bê tông hóa đảm bảo ô tô đi lại thuận tiện quanh năm", []),
    # not quotas: what was achieved, scoring rules, the execution of a plan or a budget, fee formulas
    ("Chi đầu tư từ nguồn thu xổ số kiến thiết phấn đấu đạt 100% kế hoạch", []),
    ("Phí thẩm định: 0,5% x phần tổng chi phí trên 01 tỷ đồng", []),
    ("Tốc độ tăng trưởng kinh tế của tỉnh năm 2025 ước đạt 8% so cùng kỳ", []),
    ("Đơn vị đạt tỷ lệ 100% người hưởng trợ cấp mở tài khoản: cộng 05 điểm", []),
    # not quotas: money, counts of documents, ranks, section numbers, technical quantities
    ("bố trí kinh phí 500 triệu đồng để in ấn 5.000 bản tài liệu", []),
    # a fall "by at least" a share, with the criteria it is measured on
    ("Phấn đấu giảm tối thiểu từ 5% số vụ (TNGT), số người chết, số người bị thương và không để xảy ra ùn tắc giao thông.",
     [(">=", 5, True, "số vụ (TNGT), số người chết, số người bị thương")]),
    ("3. Giảm 5% tai nạn giao thông (TNGT) về cả 3 tiêu chí số vụ, số người chết, bị thương so với năm 2020.",
     [("=", 5, True, "tai nạn giao thông (TNGT)")]),
    ("2. Giảm tai nạn giao thông từ 5-10% trên cả ba tiêu chí về số vụ, số người chết, bị thương so với năm 2019.",
     [("range", 5, True, "tai nạn giao thông")]),
    # the computed cut of a simplified procedure is no target
    ("a) Thời gian giải quyết: Trong thời hạn tối đa là 48 ngày (cắt giảm 12/60 ngày, tỷ lệ 20%) kể từ ngày nhận hồ sơ.", []),
    ("- Tỷ lệ cắt giảm chi phí: 10%", []),
    # a fall (or rise) of a percentage measures what falls, not the criteria after it
    ("Phấn đấu kéo giảm tai nạn giao thông (TNGT) từ 5-10% cả về số vụ, số người chết và số người bị thương.",
     [("range", 5, True, "tai nạn giao thông (TNGT)")]),
    ("trao Bằng khen cho các tập thể đạt hạng 3 Cụm, Khối thi đua", []),
    # "÷" joins a range; the criteria a fall applies to are what falls
    ("Tiếp tục phấn đấu giảm từ 5% ÷ 10% trên cả 3 tiêu chí về số vụ, số người chết và số người bị thương do tai nạn "
     "giao thông (TNGT)", [("range", 5, True, "số vụ, số người chết và số người bị thương do tai nạn giao thông (TNGT)")]),
    # each percentage of a pair measures what follows it; a quoted status is not part of what is counted
    ("6.5. Trên 80% số trạm y tế cấp xã trên toàn tỉnh và 100% cơ sở cai nghiện ma túy công lập đủ điều kiện.",
     [(">=", 80, True, "số trạm y tế cấp xã trên toàn tỉnh"), (">=", 100, True, "cơ sở cai nghiện ma túy công lập")]),
    ("phấn đấu đến năm 2030 đạt 100% “xã, phường không ma túy”", [("=", 100, True, "xã, phường")]),
    # a bearer's relative clause ("có ...", "là ...") belongs to it, up to the clause's own predicate
    ("phấn đấu trên 70% xã, phường có người nghiện ma túy bố trí điểm tiếp nhận và tư vấn cai nghiện ma túy đủ điều kiện",
     [(">=", 70, True, "xã, phường có người nghiện ma túy")]),
    ("d) Đối với cha mẹ trẻ em: Phấn đấu 100% cha mẹ trẻ em là công nhân làm việc ở khu công nghiệp được phổ biến kiến thức",
     [("=", 100, True, "cha mẹ trẻ em là công nhân làm việc ở khu công nghiệp")]),
    ("Phấn đấu 100% các xã có mô hình điểm", [("=", 100, True, "các xã")]),  # no later predicate: "có" is it
    # a processing time is no target, also with its number spelled out
    ("| Chứng thực di chúc | Không quá 02 (hai) ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ", []),
    # fees are no targets; criteria and definitions say what qualifies, not what is owed
    ("- Trường hợp nộp hồ sơ qua dịch vụ công trực tuyến: giảm 50 % mức phí, lệ phí theo Nghị quyết số 89/2022/NQ-HĐND.", []),
    ("+ Tỷ lệ số trường học các cấp đạt tiêu chuẩn cơ sở vật chất theo quy định mức độ 1 dưới 50%;", []),
    ("theo khoản 2 Điều 11 Nghị định, lấy mẫu tại 15 điểm quan trắc", []),
    # a projected amount is no target, the growth rate after it is, and it grows what the projection measures
    ("+ Tổng giá trị sản phẩm Xoài tham gia xuất khẩu đến năm 2030 dự kiến đạt 10 triệu USD, tốc độ tăng bình quân "
     "08 - 09%/năm.", [("range", 8, True, "tốc độ tăng bình quân tổng giá trị sản phẩm Xoài tham gia xuất khẩu")]),
    ("Đến nay, toàn tỉnh có 50% xã đạt chuẩn nông thôn mới.", []),
    # "thời gian giải quyết" is one measured thing; "và đơn giản hóa ..." opens another duty
    ("Cắt giảm 30% thời gian giải quyết thủ tục hành chính.", [("=", 30, True, "thời gian giải quyết thủ tục hành chính")]),
    ("phấn đấu cắt giảm tối thiểu 30% thời gian thực hiện TTHC và đơn giản hóa thành phần hồ sơ kèm theo",
     [(">=", 30, True, "thời gian thực hiện TTHC")]),
    # a count of those that have something keeps what they have ("số ... có"), where no predicate follows
    ("tăng thêm ít nhất 10% số trường mầm non công lập có tổ chức nhóm trẻ dưới 24 tháng tuổi",
     [(">=", 10, True, "số trường mầm non công lập có tổ chức nhóm trẻ dưới 24 tháng tuổi")]),
    # a comment in brackets after the bearer is not part of it
    ("- Lựa chọn ít nhất 01 doanh nghiệp, hợp tác xã (*có đủ năng lực về tài chính, phương tiện, quản trị kinh doanh*) đóng "
     "vai trò đơn vị thu gom", [(">=", 1, False, "doanh nghiệp, hợp tác xã")]),
    # what a percentage of a base measures is named before it ("1% GRDP", "40% tổng số doanh nghiệp")
    ("Tổng chi cho nghiên cứu và phát triển (R&D) trên địa bàn tỉnh đạt 1% GRDP vào năm 2027",
     [("=", 1, True, "Tổng chi cho nghiên cứu và phát triển (R&D) trên địa bàn tỉnh")]),
    # a count in a unit of its own ("người/vạn dân", "lần") counts what is named before it
    ("Nhân lực nghiên cứu và phát triển đạt 10 người/vạn dân vào năm 2030", [("=", 10, False, "Nhân lực nghiên cứu và phát triển")]),
    ("Thu nhập bình quân đầu người khu vực nông thôn đến năm 2030 tăng ít nhất 1,6 lần so với năm 2025",
     [(">=", 1.6, False, "Thu nhập bình quân đầu người khu vực nông thôn")]),
    ("Tổ chức diễn tập ứng cứu sự cố ít nhất 01 lần/năm", [(">=", 1, False, "diễn tập ứng cứu sự cố")]),
    # an index is a measure; "dưới N" ends it, an age does not
    ("Phấn đấu chỉ số nhà có lăng quăng (HI) dưới 10%", [("<=", 10, True, "chỉ số nhà có lăng quăng (HI)")]),
    ("phấn đấu chỉ số Breteau (BI) dưới 20 tại tất cả các điểm giám sát", [("<=", 20, False, "chỉ số Breteau (BI)")]),
    # where a measure applies, after the percentage, qualifies it
    ("Tỷ lệ hồ sơ được giải quyết đúng hạn đạt tối thiểu 98% ở cấp tỉnh và 97% ở cấp xã",
     [(">=", 98, True, "Tỷ lệ hồ sơ được giải quyết đúng hạn ở cấp tỉnh"),
      (">=", 97, True, "Tỷ lệ hồ sơ được giải quyết đúng hạn ở cấp xã")]),
    # a share of what was counted: its scope starts after "trong đó"
    ("Tuyển sinh giáo dục nghề nghiệp bình quân 45.000 người/năm, trong đó trình độ cao đẳng, trung cấp chiếm tối thiểu 25%",
     [(">=", 25, True, "trình độ cao đẳng, trung cấp")]),
    # a count out of a whole counts what follows; the share in brackets restates it
    ("Đến hết năm 2027 có ít nhất 62/103 xã (khoảng 60%) đạt chuẩn nông thôn mới",
     [(">=", 62, False, "xã đạt chuẩn nông thôn mới")]),
    # a count in millions of visits is no money, and its value is the millions; "tỷ" is money
    ("Tổng lượt khách du lịch đến tỉnh đạt ít nhất 9 triệu lượt",
     [(">=", 9000000, False, "Tổng lượt khách du lịch đến tỉnh")]),
    ("Tổng thu ngân sách đạt ít nhất 18.000 tỷ đồng", []),
    # a part named after a heading's colon keeps the heading; a time after the colon does not count
    ("Cơ cấu kinh tế: khu vực công nghiệp - xây dựng chiếm tối thiểu 27,8%",
     [(">=", 27.8, True, "Cơ cấu kinh tế khu vực công nghiệp - xây dựng")]),
    # the verb of an achievement names no bearer: what follows the number does
    ("Hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ",
     [("=", 100, True, "chỉ tiêu tuyển chọn và gọi công dân nhập ngũ")]),
    # inside the quoted name of a project: a title, not a target
    ("triển khai Đề án “Đầu tư xây dựng ít nhất 01 triệu căn hộ nhà ở xã hội”", []),
    # comparator signs, and a time after the number that bears nothing
    ("Tỷ lệ trẻ sơ sinh được tiêm vắc xin BCG đạt ≥ 95%", [(">=", 95, True, "Tỷ lệ trẻ sơ sinh được tiêm vắc xin BCG")]),
    ("Tỷ lệ che phủ rừng phấn đấu đạt 63,5% vào năm 2030", [("=", 63.5, True, "Tỷ lệ che phủ rừng")]),
    # the threshold of who qualifies for a benefit
    ("Giải quyết phụ cấp đặc biệt hằng tháng đối với thương binh có tỷ lệ tổn thương cơ thể từ 81% trở lên, bệnh binh có "
     "tỷ lệ tổn thương cơ thể từ 81% trở lên.", []),
    # a stage's aim and time before the count bear nothing; a period after it ends the bearer
    (" phấn đấu đến năm 2030 có ít nhất 700 chuỗi.", [(">=", 700, False, "chuỗi")]),
    ("Tuyển dụng ít nhất 4.800 giáo viên giai đoạn 2026 - 2030", [(">=", 4800, False, "giáo viên")]),
    # what the verbs of a duty act on is what the number measures
    ("Tham mưu bố trí nguồn vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội chi nhánh tỉnh để cho vay "
     "giải quyết việc làm, phấn đấu tăng tối thiểu 10%/năm so với năm trước.",
     [(">=", 10, True, "nguồn vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội chi nhánh tỉnh")]),
    ("Bảo đảm đủ nguồn vốn cho vay, kiểm soát nợ quá hạn dưới 0,3%", [("<=", 0.3, True, "nợ quá hạn")]),
    # "toàn xã hội" is no place; "hằng năm" ends the bearer; a time right after the rate bears nothing
    ("Bố trí ít nhất 3% tổng chi ngân sách địa phương hằng năm cho khoa học, công nghệ",
     [(">=", 3, True, "tổng chi ngân sách địa phương")]),
    ("tổng chi cho nghiên cứu và phát triển (R&D) toàn xã hội đạt 0,5% GRDP năm 2028",
     [("=", 0.5, True, "tổng chi cho nghiên cứu và phát triển (R&D) toàn xã hội")]),
    ("Tỷ lệ hộ nghèo đa chiều toàn tỉnh giảm từ 3 - 4% trong năm 2026", [("range", 3, True, "Tỷ lệ hộ nghèo đa chiều toàn tỉnh")]),
    # a cumulative count bears nothing; a count per year "đối với" someone is theirs; a count that defines a rate
    # and a threshold in brackets are no targets; a base after a listed share bears nothing
    ("Lũy kế có ít nhất 350 hộ kinh doanh chuyển đổi lên doanh nghiệp.",
     [(">=", 350, False, "hộ kinh doanh chuyển đổi lên doanh nghiệp")]),
    ("bảo đảm không quá 01 lần/năm đối với một doanh nghiệp (trừ trường hợp có dấu hiệu vi phạm)",
     [("<=", 1, False, "một doanh nghiệp")]),
    ("Tỷ lệ phụ nữ mang thai được tầm soát ít nhất 4 loại bệnh tật bẩm sinh đạt 70%",
     [("=", 70, True, "Tỷ lệ phụ nữ mang thai được tầm soát")]),
    ("tối thiểu 40 xã, phường có tỷ số giới tính khi sinh cao (trên 115) được ưu tiên",
     [(">=", 40, False, "xã, phường có tỷ số giới tính khi sinh cao")]),
    # a day after a rate bears nothing: the rate's own measure is the scope
    ("Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ đạt ≥ 47% đến ngày 30/6/2026",
     [(">=", 47, True, "Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ")]),
    # never a time phrase for a scope: what the number counts
    ("Phấn đấu năm 2026 có ít nhất 40 thôn, bản thoát khỏi tình trạng đặc biệt khó khăn",
     [(">=", 40, False, "thôn, bản thoát khỏi tình trạng đặc biệt khó khăn")]),
    # "được ..." after the bearer is its relative clause when the target's own verb follows
    ("Tối thiểu 95% mẫu thực phẩm được kiểm nghiệm nhanh tại các chợ, siêu thị đạt yêu cầu",
     [(">=", 95, True, "mẫu thực phẩm được kiểm nghiệm nhanh tại các chợ, siêu thị")]),
    # "không gian" (a space) is a noun, not "không" (no); a later year's stage in the clause is of the same target
    ("đến năm 2028 có 15 không gian và đến năm 2030 có tối thiểu 20 không gian, trong đó có 01 Trung tâm",
     [("=", 15, False, "không gian"), (">=", 20, False, "không gian")]),
    # "điểm" is a place ("điểm đen", a black spot) before a noun, a score ("80 điểm trở lên") otherwise
    ("Xử lý dứt điểm ít nhất 12 điểm đen TNGT và tối thiểu 20 điểm tiềm ẩn nguy cơ TNGT",
     [(">=", 12, False, "điểm đen TNGT"), (">=", 20, False, "điểm tiềm ẩn nguy cơ TNGT")]),
    ("Không hoàn thành: đạt dưới 75 điểm hoặc để xảy ra tham nhũng", []),
    # a quantity named before its colon ("Diện tích ..."), its comment in brackets dropped; a later stage's bare unit
    ("Diện tích nuôi trồng thủy sản ứng dụng công nghệ cao (nuôi tôm, cá tra theo tiêu chuẩn ASC, BAP): đến năm 2027 "
     "đạt ít nhất 1.500 ha",
     [(">=", 1500, False, "Diện tích nuôi trồng thủy sản ứng dụng công nghệ cao")]),
    # a rate per so many people; a rate's base after the percentage ("số ca mắc") is not what it measures
    ("Phấn đấu tỷ lệ mắc sốt xuất huyết dưới 120/100.000 dân; tỷ lệ tử vong do sốt xuất huyết dưới 0,05% số ca mắc",
     [("<=", 120, False, "tỷ lệ mắc sốt xuất huyết"), ("<=", 0.05, True, "tỷ lệ tử vong do sốt xuất huyết")]),
    # "khoảng" is the words before the number, not the bearer; "tăng trưởng" is a measure's name, not a rise of one
    ("Kinh tế tư nhân tăng trưởng bình quân khoảng 10-12%/năm, cao hơn tốc độ tăng trưởng chung",
     [("range", 10, True, "Kinh tế tư nhân tăng trưởng bình quân")]),
    # a word of scale after the number multiplies it ("3,2 triệu lượt" is 3.200.000); money stays no target
    ("Phấn đấu năm 2026 đón 3,2 triệu lượt khách du lịch, trong đó khách quốc tế đạt 470 nghìn lượt",
     [("=", 3200000, False, "triệu lượt khách du lịch"), ("=", 470000, False, "khách quốc tế")]),
    ("Phấn đấu thu ngân sách đạt 3,2 triệu đồng", []),
    # a count's bearer ends before the next count of a comma list, and before a table's next cell
    ("Mỗi năm đào tạo ít nhất 5.000 lượt nông dân, 500 lượt cán bộ quản lý HTX",
     [(">=", 5000, False, "lượt nông dân"), (">=", 500, False, "lượt cán bộ quản lý HTX")]),
    # a measure named before its colon, stages after it: the whole name, whatever verb it holds
    ("Số sản phẩm OCOP đạt từ 3 sao trở lên: năm 2026 đạt 650 sản phẩm, năm 2027 đạt 720 sản phẩm",
     [("=", 650, False, "Số sản phẩm OCOP đạt từ 3 sao trở lên"), ("=", 720, False, "Số sản phẩm OCOP đạt từ 3 sao trở lên")]),
    # what a count counts keeps the words that say which of them count; a share's bearer ends at its verb
    ("Phấn đấu công nhận mới ít nhất 05 vùng nông nghiệp ứng dụng công nghệ cao",
     [(">=", 5, False, "vùng nông nghiệp ứng dụng công nghệ cao")]),
    ("Có ít nhất 25 khách sạn được công nhận hạng 3 - 4 sao vào năm 2030",
     [(">=", 25, False, "khách sạn được công nhận hạng 3 - 4 sao")]),
    ("Thu hút ít nhất 100 người có tài năng, chuyên gia, nhà khoa học", [(">=", 100, False, "người có tài năng, chuyên gia, nhà khoa học")]),
    ("Phấn đấu có ít nhất 40 hộ kinh doanh chuyển đổi lên doanh nghiệp, ít nhất 15 doanh nghiệp tham gia chuỗi giá trị",
     [(">=", 40, False, "hộ kinh doanh chuyển đổi lên doanh nghiệp"), (">=", 15, False, "doanh nghiệp tham gia chuỗi giá trị")]),
    ("100% xã, phường tổ chức ra quân tổng vệ sinh môi trường", [("=", 100, True, "xã, phường")]),
    ("Có ít nhất 02 lớp tập huấn, được tổ chức tại xã", [(">=", 2, False, "lớp tập huấn")]),
    # a report's figure in brackets ("(năm 2025 ước đạt 94,6%)") leaves the target before it; "đồng bào" is no money;
    # "lên" before the number ends the measure, "trở lên" inside it does not
    ("Tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 95,8% trở lên (năm 2025 ước đạt 94,6%)",
     [(">=", 95.8, True, "Tỷ lệ dân số tham gia bảo hiểm y tế")]),
    ("Phấn đấu bảo đảm 80% đồng bào trong độ tuổi lao động được tập huấn vào năm 2027",
     [("=", 80, True, "đồng bào trong độ tuổi lao động")]),
    ("Phấn đấu nâng tỷ lệ hộ gia đình nông thôn sử dụng nước sạch theo quy chuẩn lên 68%",
     [("=", 68, True, "tỷ lệ hộ gia đình nông thôn sử dụng nước sạch theo quy chuẩn")]),
    ("Tỷ lệ người từ 65 tuổi trở lên được khám sức khỏe định kỳ đạt 70%",
     [("=", 70, True, "Tỷ lệ người từ 65 tuổi trở lên được khám sức khỏe định kỳ")]),
    # the people a rate is counted per are no target, and stay in its name; a scope of no words is none
    ("Số giường bệnh trên 10.000 dân đạt 38,5 giường", [("=", 38.5, False, "Số giường bệnh trên 10.000 dân")]),
    ("phấn đấu đạt 31% năm 2028 và 40% năm 2030", [("=", 31, True, None), ("=", 40, True, None)]),
    # the bracket a count stands in ends what it counts ("120 nhà), ưu tiên ..."); "Trong đó:" names no part
    ("Hỗ trợ nhà ở cho hộ nghèo (xây mới tối thiểu 300 nhà), ưu tiên hộ bị hư hỏng", [(">=", 300, False, "nhà")]),
    ("Trong đó: thạc sĩ đạt tối thiểu 50 người", [(">=", 50, False, "thạc sĩ")]),
    # a report in brackets is a report beside a firm target too, unless it holds a target word of its own
    ("Tối thiểu 98% trường mầm non có kết nối Internet cáp quang (hiện nay đạt 93,6%)",
     [(">=", 98, True, "trường mầm non có kết nối Internet cáp quang")]),
    ("Tổng thu ngân sách đạt 13.800 tỷ đồng trở lên (phấn đấu tăng tối thiểu 10% so với dự toán Trung ương giao)",
     [(">=", 10, True, "Tổng thu ngân sách")]),
]
# fmt: on


@pytest.mark.parametrize("text, expected", QUOTAS)
def test_quotas(text, expected):
    got = [(q.comparator, q.value, q.percent, q.scope) for q in quotas_in(text, 0, len(text))]
    assert got == expected


def test_a_later_stage_that_names_only_its_unit_takes_the_scope_of_the_one_before():
    body = ("2. Mục tiêu cụ thể\n- Diện tích nuôi trồng thủy sản ứng dụng công nghệ cao: đến năm 2027 đạt 1.500 ha; "
            "đến năm 2030 đạt 3.000 ha.\n")
    scope = "Diện tích nuôi trồng thủy sản ứng dụng công nghệ cao"
    assert [(q["value"], q["scope"]) for q in record(body)["quotas"]] == [(1500, scope), (3000, scope)]


def test_stages_listed_under_a_line_that_names_the_measure_take_its_name():
    body = ("II. MỤC TIÊU, CHỈ TIÊU GIẢI NGÂN\n"
            "2. Đối với kế hoạch vốn năm 2026: phấn đấu tỷ lệ giải ngân toàn tỉnh theo các mốc sau:\n"
            "- Đến ngày 31/3/2026: đạt tối thiểu 20% kế hoạch;\n- Đến ngày 31/01/2027: giải ngân 100% kế hoạch vốn được giao.\n"
            "a) Tỷ lệ hộ gia đình phân loại chất thải tại nguồn (tối thiểu 03 nhóm: tái chế; thực phẩm; khác) đạt:\n"
            "- Đến hết quý I/2026: 65%;\n- Quý II/2026: 75%;\n"
            "3. Kết quả năm 2025: giải ngân đạt 72,1% kế hoạch.\n")
    got = [(q["comparator"], q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [(">=", 20, "tỷ lệ giải ngân toàn tỉnh"), ("=", 100, "tỷ lệ giải ngân toàn tỉnh"),
                   ("=", 65, "Tỷ lệ hộ gia đình phân loại chất thải tại nguồn"),
                   ("=", 75, "Tỷ lệ hộ gia đình phân loại chất thải tại nguồn")]


def test_later_stages_of_a_count_in_clauses_of_their_own_take_its_comparator_and_scope():
    body = ("2. Mục tiêu cụ thể\n- Số doanh nghiệp công nghệ số đang hoạt động đạt 22.000 doanh nghiệp năm 2026; "
            "25.000 doanh nghiệp năm 2027 và 35.000 doanh nghiệp năm 2030.\n"
            "- Nâng cấp tối thiểu 100 cơ sở kiểm định khí thải năm 2026; 250 cơ sở năm 2028; bố trí 30 cán bộ.\n")
    got = [(q["comparator"], q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [("=", 22000, "Số doanh nghiệp công nghệ số đang hoạt động"),
                   ("=", 25000, "Số doanh nghiệp công nghệ số đang hoạt động"),
                   ("=", 35000, "Số doanh nghiệp công nghệ số đang hoạt động"),
                   (">=", 100, "cơ sở kiểm định khí thải"), (">=", 250, "cơ sở kiểm định khí thải")]


def test_later_stages_of_a_target_take_the_scope_of_the_first():
    body = (
        "2. Mục tiêu cụ thể\n"
        "- Tỷ trọng kinh tế số trong GRDP: đến năm 2027 đạt 15%; đến năm 2030 đạt tối thiểu 30%.\n"
        "- Tổng chi cho nghiên cứu và phát triển trên địa bàn tỉnh đạt 1% GRDP vào năm 2027; phấn đấu đạt 2% GRDP vào năm 2030.\n"
        "- 100% trường THPT triển khai; trong đó 50% đạt mức \"Đáp ứng tốt\".\n"
    )
    got = [(q["comparator"], q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [
        ("=", 15, "Tỷ trọng kinh tế số trong GRDP"), (">=", 30, "Tỷ trọng kinh tế số trong GRDP"),
        ("=", 1, "Tổng chi cho nghiên cứu và phát triển trên địa bàn tỉnh"),
        ("=", 2, "Tổng chi cho nghiên cứu và phát triển trên địa bàn tỉnh"),
        ("=", 100, "trường THPT"), ("=", 50, "trường THPT"),
    ]


def test_a_list_of_parts_names_each_part_of_its_measure():
    body = (
        "2. Mục tiêu cụ thể\n"
        "- Tỷ lệ trường đạt chuẩn quốc gia đạt ít nhất 88%, trong đó: mầm non 85%, tiểu học 92%.\n"
        "- Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo: mầm non đạt 98%, THCS đạt 99%.\n"
        "- Tỷ lệ học sinh bỏ học cấp THCS dưới 0,3%, cấp THPT dưới 0,8%.\n"
        "- Phấn đấu 100% xã, phường, đặc khu đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi.\n"
    )
    got = [(q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [
        (88, "Tỷ lệ trường đạt chuẩn quốc gia"), (85, "Tỷ lệ trường đạt chuẩn quốc gia mầm non"),
        (92, "Tỷ lệ trường đạt chuẩn quốc gia tiểu học"),
        (98, "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo mầm non"), (99, "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo THCS"),
        (0.3, "Tỷ lệ học sinh bỏ học cấp THCS"), (0.8, "Tỷ lệ học sinh bỏ học cấp THPT"),
        (100, "xã, phường, đặc khu"),
    ]


def test_the_clauses_after_a_measure_s_colon_are_its_stages_and_parts():
    body = (
        "2. Mục tiêu cụ thể\n"
        "- Tỷ lệ trường đạt chuẩn quốc gia: năm 2026, mầm non 45%, tiểu học 60%; năm 2030, mầm non 60%, tiểu học 70%.\n"
        "- Số dự án khởi nghiệp được hỗ trợ lũy kế: ít nhất 5 dự án năm 2026; 12 dự án năm 2028; 20 dự án năm 2030.\n"
        "- Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo: mầm non 90%, tiểu học 93%; đến năm 2030 đạt 100% ở tất cả các cấp"
        " học.\n"
    )
    got = [(q["value"], q["scope"]) for q in record(body)["quotas"]]
    school, project = "Tỷ lệ trường đạt chuẩn quốc gia", "Số dự án khởi nghiệp được hỗ trợ lũy kế"
    teacher = "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo"
    assert got == [(45, f"{school} mầm non"), (60, f"{school} tiểu học"), (60, f"{school} mầm non"),
                   (70, f"{school} tiểu học"), (5, project), (12, project), (20, project),
                   (90, f"{teacher} mầm non"), (93, f"{teacher} tiểu học"), (100, f"{teacher} ở tất cả các cấp học")]


def test_a_table_of_targets_gives_each_row_s_targets_once(tmp_path):
    def quotas_of(body):
        path = tmp_path / "qd.txt"
        path.write_text(HEAD + body, encoding="utf-8")
        return extract_document(normalise(read(path))).to_dict()["quotas"]

    body = (
        "Điều 1. Giao chỉ tiêu kế hoạch năm 2026. Tỷ lệ che phủ rừng đạt 61,2%.\n"
        "STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2026 | Đơn vị chủ trì thực hiện\n"
        "I | CHỈ TIÊU KINH TẾ | | |\n"
        "1 | Tỷ lệ che phủ rừng | % | 61,2 | Phòng Kinh tế\n"
        "2 | Số lao động được giải quyết việc làm mới | Người | 320 | Phòng Văn hóa - Xã hội\n"
        "3 | Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ | % | ≥ 95 | Trạm Y tế xã\n"
        "4 | Thu nhập bình quân đầu người | Triệu đồng | 38,5 | Phòng Kinh tế\n"
    )
    got = [(q["comparator"], q["value"], q["percent"], q["scope"]) for q in quotas_of(body)]
    assert got == [("=", 61.2, True, "Tỷ lệ che phủ rừng"), ("=", 320, False, "Số lao động được giải quyết việc làm mới"),
                   (">=", 95, True, "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ")]  # once each; money is no target
    staged = ("STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027 | Năm 2030\n"
              "1 | Xã đạt chuẩn nông thôn mới (lũy kế) | Xã | 80 | 95 | 133\n"
              "2 | Tỷ lệ lao động nông thôn qua đào tạo | % | 70 | 71,5 | ≥ 75\n")
    got = [(q["comparator"], q["value"], q["percent"]) for q in quotas_of(staged)]
    assert got == [("=", 80, False), ("=", 95, False), ("=", 133, False), ("=", 70, True), ("=", 71.5, True),
                   (">=", 75, True)]  # one target a year's column
    done_and_planned = ("STT | Chỉ tiêu | ĐVT | Thực hiện năm 2024 | Ước thực hiện năm 2025 | Kế hoạch năm 2026\n"
                        "1 | Diện tích cà phê | Ha | 26.100 | 26.500 | 27.000\n")
    assert [q["value"] for q in quotas_of(done_and_planned)] == [27000]  # what was done or is estimated: no target
    expected = ("STT | Chỉ tiêu | Đơn vị tính | Ước thực hiện năm 2025 | Dự kiến kế hoạch năm 2026 | Cơ quan theo dõi\n"
                "1 | Tốc độ tăng trưởng GRDP | % | 12,5 | ≥ 14 | Sở Tài chính, Thống kê tỉnh\n")
    assert [(q["value"], q["scope"]) for q in quotas_of(expected)] == [(14, "Tốc độ tăng trưởng GRDP")]  # a plan foreseen
    before_the_plan = "STT | Chỉ tiêu | ĐVT | Năm 2021 | Năm 2022\n1 | Diện tích cà phê | Ha | 26.100 | 26.500\n"
    assert not quotas_of(before_the_plan)  # years before the document's own: figures, not targets
    wrapped = ("STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027 | Năm 2028\n"
               "1 | Tuyển sinh, đào tạo nghề | Người | 74.000 | 75.000 | 75.000\n"
               "2 | Tỷ lệ lao động qua đào tạo có bằng cấp,\n"
               "chứng chỉ | % | 32,0 | 34,0 | 36,0\n")
    got = [(q["value"], q["scope"]) for q in quotas_of(wrapped)]
    assert got == [(74000, "Tuyển sinh, đào tạo nghề"), (75000, "Tuyển sinh, đào tạo nghề"),
                   (75000, "Tuyển sinh, đào tạo nghề"),  # the same figure in two years: two targets
                   (32, "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"),  # a row hard-wrapped inside its cell
                   (34, "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"),
                   (36, "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ")]
    by_quarter = ("| STT | Chỉ tiêu | Quý I | Quý II | Quý III | Quý IV |\n"
                  "| 1 | Tỷ lệ hồ sơ trực tuyến toàn trình | 65% | 70% | 75% | ≥ 80% |\n")
    got = [(q["comparator"], q["value"], q["scope"]) for q in quotas_of(by_quarter)]
    assert got == [("=", 65, "Tỷ lệ hồ sơ trực tuyến toàn trình"), ("=", 70, "Tỷ lệ hồ sơ trực tuyến toàn trình"),
                   ("=", 75, "Tỷ lệ hồ sơ trực tuyến toàn trình"), (">=", 80, "Tỷ lệ hồ sơ trực tuyến toàn trình")]
    criteria = ("| TT | Tiêu chí | Chỉ tiêu chủ yếu | Hiện trạng năm 2025 | Mục tiêu năm 2026 | Đơn vị chủ trì |\n"
                "| 9 | Nhà ở dân cư | Tỷ lệ nhà ở kiên cố, bán kiên cố | 96,8% | ≥ 97,5% | Phòng Kinh tế |\n"
                "| 4 | Điện | Tỷ lệ hộ sử dụng điện an toàn | 100% | Duy trì 100% | Phòng Kinh tế |\n")
    got = [(q["comparator"], q["value"], q["scope"]) for q in quotas_of(criteria)]
    assert got == [(">=", 97.5, "Tỷ lệ nhà ở kiên cố, bán kiên cố"), ("=", 100, "Tỷ lệ hộ sử dụng điện an toàn")]
    paged = ("| STT | Chỉ tiêu | Đơn vị tính | Chỉ tiêu năm 2026 | Cơ quan chủ trì theo dõi |\n"
             "| 34 | Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng | % | ≥ 95 | Sở KH&CN |\n\n7\n"
             "| 35 | Tỷ lệ hồ sơ công việc cấp xã được xử lý trên môi trường mạng | % | ≥ 90 | Sở KH&CN |\n")
    got = [(q["value"], q["percent"], q["scope"]) for q in quotas_of(paged)]
    assert got == [(95, True, "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng"),
                   (90, True, "Tỷ lệ hồ sơ công việc cấp xã được xử lý trên môi trường mạng")]  # over a page number


def test_a_threshold_in_brackets_defines_the_measure_and_later_stages_name_no_bearer():
    body = (
        "2. Mục tiêu cụ thể\n"
        "- Tỷ lệ số ngày trong năm có chỉ số AQI ở mức tốt và trung bình (AQI ≤ 100) đạt trên 65% vào năm 2026, trên "
        "75% vào năm 2028 và phấn đấu đạt trên 85% vào năm 2030.\n"
    )
    got = [(q["comparator"], q["value"], q["scope"]) for q in record(body)["quotas"]]
    scope = "Tỷ lệ số ngày trong năm có chỉ số AQI ở mức tốt và trung bình"
    assert got == [(">=", 65, scope), (">=", 75, scope), (">=", 85, scope)]


def test_a_share_after_trong_do_qualifies_the_measure_when_it_is_a_qualifier():
    body = (
        "2. Mục tiêu cụ thể\n"
        "- Tỷ lệ lao động qua đào tạo đạt 72%, trong đó có bằng cấp, chứng chỉ đạt 32%.\n"
        "- Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt 92%, trong đó khu vực đô thị đạt 97%; khu vực nông thôn "
        "đạt 87%.\n"
        "- Tổng chi cho nghiên cứu và phát triển đạt 2% GRDP, trong đó kinh phí từ xã hội chiếm trên 60%.\n"
    )
    got = [(q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [
        (72, "Tỷ lệ lao động qua đào tạo"), (32, "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"),
        (92, "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý"),
        (97, "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý khu vực đô thị"),
        (87, "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý khu vực nông thôn"),
        (2, "Tổng chi cho nghiên cứu và phát triển"), (60, "kinh phí từ xã hội"),
    ]


def test_a_target_restated_word_for_word_is_one_quota_and_two_targets_of_one_bearer_stay_two():
    cut = "Phương án cắt giảm 30% thời gian giải quyết thủ tục hành chính so với quy định hiện hành."
    rec = record("I. MỤC TIÊU\n1. " + cut + "\n2. " + cut + "\n3. Phấn đấu 100% cơ sở cai nghiện ma túy công lập đủ "
                 "điều kiện xác định tình trạng nghiện.\n4. Phấn đấu 100% cơ sở cai nghiện ma túy công lập bảo đảm "
                 "điều kiện theo quy định.")
    assert [(q["value"], q["scope"]) for q in rec["quotas"]] == [
        (30, "thời gian giải quyết thủ tục hành chính"), (100, "cơ sở cai nghiện ma túy công lập"), (100, "cơ sở cai nghiện ma túy công lập")]


def test_a_multiple_in_a_section_of_targets_is_a_target():
    rec = record("I. MỤC TIÊU\n2. Mục tiêu cụ thể\n(4) Tổng giá trị giao dịch thanh toán không dùng tiền mặt gấp 30 lần GRDP;\n")
    assert [(q["comparator"], q["value"], q["scope"]) for q in rec["quotas"]] == [
        ("=", 30, "Tổng giá trị giao dịch thanh toán không dùng tiền mặt")]


def test_numbers_in_a_section_of_targets_need_no_target_word():
    rec = record("I. MỤC TIÊU\n2. Mục tiêu cụ thể\n- Trên 80% số trạm y tế cấp xã đủ điều kiện xác định tình trạng nghiện.\n"
                 "II. NHIỆM VỤ\n1. Trên 80% số trạm y tế cấp xã đã được nâng cấp.")
    assert [(q["comparator"], q["value"], q["scope"]) for q in rec["quotas"]] == [(">=", 80, "số trạm y tế cấp xã")]


def test_header_of_the_test_documents():
    assert extract_header(HEAD).number == "1068/KH-UBND"


def test_a_heading_that_only_opens_a_list_of_agencies_owes_nothing_itself():
    # bac-ninh-1520: "Điều 2. Giao các cơ quan, đơn vị:" then one numbered item per agency
    got = record("QUYẾT ĐỊNH:\nĐiều 2. Giao các cơ quan, đơn vị:\n1. Thanh tra tỉnh chủ trì, phối hợp Văn phòng UBND tỉnh "
                 "rà soát, xây dựng quy trình nội bộ giải quyết thủ tục hành chính.\n")["assignments"]
    assert {(a["agency"], a["role"]) for a in got} == {("Thanh tra tỉnh", "lead"), ("Văn phòng UBND tỉnh", "support")}
    assert all(a["task"] for a in got)


def test_a_part_on_the_situation_gives_no_duties():
    got = roles("II. THỰC TRẠNG\n1. Về kết cấu hạ tầng giao thông đường bộ: đường xã dài 1.272Km đáp ứng nhu cầu đi lại "
                "của nhân dân. Trong đó, Sở Giao thông vận tải được giao quản lý 110Km quốc lộ (QL17B dài 12,19Km).\n"
                "III. NHIỆM VỤ\n1. Sở Xây dựng chủ trì rà soát kết cấu hạ tầng giao thông.")
    assert got == {("Sở Xây dựng", "lead")}


def test_a_subject_list_goes_on_after_a_name_that_runs_on():
    assert roles("Điều 2. Các cơ quan, đơn vị sự nghiệp công lập, UBND cấp xã căn cứ Danh mục tổ chức triển khai lựa "
                 "chọn đơn vị cung cấp dịch vụ.") == {("Các cơ quan, đơn vị sự nghiệp công lập", "lead"), ("UBND cấp xã", "lead")}
    assert roles("2. Các đơn vị sự nghiệp công lập, UBND cấp xã tổ chức triển khai lựa chọn đơn vị cung cấp dịch vụ.") == {
        ("Các đơn vị sự nghiệp công lập", "lead"), ("UBND cấp xã", "lead")}


LIST_OF_PROCEDURES = ("\nDANH MỤC THỦ TỤC HÀNH CHÍNH\n|\nSTT\n|\nTên thủ tục hành chính\n|\nLĩnh vực\n|\n|\n1\n|\n"
                      "Cấp chứng chỉ nghiệp vụ\n|\nĐấu thầu\n|\n|\n")


@pytest.mark.parametrize("article, expected", [
    ("Điều 1. Công bố kèm theo Quyết định này danh mục 24 thủ tục hành chính cấp tỉnh, 01 thủ tục hành chính cấp xã "
     "thuộc thẩm quyền giải quyết của Sở Nông nghiệp và Môi trường, UBND cấp xã tỉnh Ninh Thuận.",
     {("Sở Nông nghiệp và Môi trường", "lead"), ("UBND cấp xã", "lead")}),
    ("Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính được sửa đổi, bổ sung, bãi bỏ thuộc thẩm quyền "
     "giải quyết của Sở Tài chính.", {("Sở Tài chính", "lead")}),
    # a repeal, procedures abolished, another decision cited, or a domain of management publish nothing to carry out
    ("Quyết định này bãi bỏ danh mục 05 thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Tài chính.", set()),
    ("Điều 1. Công bố kèm theo Quyết định này Danh mục 02 thủ tục hành chính bị bãi bỏ thuộc thẩm quyền giải quyết của "
     "Sở Tài chính, UBND cấp xã.", set()),
    ("Điều 1. Công bố kèm theo Quyết định này danh mục 06 thủ tục hành chính thuộc phạm vi, chức năng quản lý của Sở "
     "Khoa học và Công nghệ.", set()),
    ("Căn cứ vào Quyết định số 800/QĐ-BDTTG ngày 07/11/2025 về việc công bố thủ tục hành chính nội bộ thuộc phạm vi "
     "chức năng quản lý của Bộ Dân tộc và Tôn giáo;", set()),
])
def test_the_body_whose_procedures_a_decision_publishes_carries_them_out(article, expected):
    assert roles("QUYẾT ĐỊNH:\n" + article + LIST_OF_PROCEDURES) == expected


def test_a_list_of_procedures_not_in_the_document_names_nothing_to_carry_out():
    assert roles("QUYẾT ĐỊNH:\nĐiều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính thuộc thẩm quyền giải "
                 "quyết của Sở Tư pháp.\nFILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN\n") == set()


def test_the_province_s_people_s_committee_is_the_issuer_by_its_level_too():
    assert roles("Điều 2. UBND cấp tỉnh phê duyệt danh sách các dân tộc còn gặp nhiều khó khăn; Sở Nội vụ chủ trì "
                 "thẩm định hồ sơ.") == {("Sở Nội vụ", "lead")}


def test_a_definition_holds_the_later_clauses_of_its_line():
    rec = record("Điều 1. Tiêu chí\n+ Xã khu vực III là xã có một trong hai trường hợp sau: Có từ 06 tiêu chí trở lên; hoặc có "
                 "từ 03 tiêu chí trở lên và đồng thời có từ 50% số thôn trở lên của xã được xác định là thôn đặc biệt khó khăn.")
    assert not rec["quotas"]


def test_a_heading_that_asks_a_described_collective_heads_its_block():
    got = record("IV. TỔ CHỨC THỰC HIỆN\n6. Đề nghị các tổ chức cung cấp dịch vụ chi trả\na) Tích cực tham gia phong trào "
                 "thi đua chi trả không dùng tiền mặt;\n7. Các ngân hàng thương mại tham gia phối hợp với Sở Y tế tuyên "
                 "truyền các dịch vụ thanh toán.\n8. Đề nghị các doanh nghiệp viễn thông hỗ trợ lắp đặt thiết bị.")
    assert {(a["agency"], a["role"]) for a in got["assignments"]} == {
        ("Các tổ chức cung cấp dịch vụ chi trả", "requested"), ("Các ngân hàng thương mại", "support"),
        ("Các doanh nghiệp viễn thông", "requested")}


def test_the_body_that_carries_out_a_step_leads_it_unless_it_only_receives_the_file():
    # "Bước N: <body> ..." or "Bước N: Chuyên viên <body> ...": a head stands for the body; a centre that only
    # guides and receives a file decides nothing
    got = record("Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính.\n1. Quy trình giải quyết:\n"
                 "+ Bước 1: Chuyên viên trực tại Trung tâm Phục vụ hành chính công tỉnh hướng dẫn, tiếp nhận hồ sơ trực "
                 "tiếp hoặc trực tuyến, nhập thông tin vào Hệ thống thông tin giải quyết thủ tục hành chính: 0,5 ngày.\n"
                 "+ Bước 2: Chuyên viên Chi cục Thủy lợi tiếp nhận hồ sơ, kiểm tra, thẩm định hồ sơ: 10 ngày.\n"
                 "+ Bước 3: Văn phòng Ủy ban nhân dân tỉnh tiếp nhận, thẩm định hồ sơ trình của Sở Nông nghiệp và Môi "
                 "trường, trình Chủ tịch Ủy ban nhân dân tỉnh ký phê duyệt: 05 ngày.")
    assert {(a["agency"], a["role"]) for a in got["assignments"]} == {
        ("Chi cục Thủy lợi", "lead"), ("Văn phòng Ủy ban nhân dân tỉnh", "lead")}


def test_a_heading_that_only_names_a_described_collective_heads_its_block_whatever_its_length():
    # "xây dựng và kinh doanh hạ tầng" tells which investors; the name runs past twelve words to the line's end
    got = record("IV. TỔ CHỨC THỰC HIỆN\n5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp\n- Phối hợp chặt "
                 "chẽ với Ban Quản lý Khu kinh tế Đông Nam trong quá trình khảo sát.\n- Tạo điều kiện về mặt bằng cho việc "
                 "lắp đặt thiết bị 5G và IoT.")
    assert [(a["agency"], a["role"], a["task"][:20]) for a in got["assignments"]] == [
        ("Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp", "lead", "Phối hợp chặt chẽ vớ"),
        ("Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp", "lead", "Tạo điều kiện về mặt")]


def test_a_list_of_collectives_each_owes_and_a_partner_owes_its_later_duties_itself():
    # a letter's item: four collectives, glued names inside them ("các trường Đại học NCL"), a first clause that
    # only supports and a second that is their own duty
    got = roles("5. Các phòng GD&ĐT quận, huyện, các trường Đại học NCL, các trường THPT, trường trực thuộc, các Trung "
                "tâm GDTX chủ động phối hợp với chính quyền địa phương có kế hoạch bảo đảm trật tự an toàn giao thông; "
                "quan tâm, chỉ đạo và tạo điều kiện cho thanh niên tình nguyện tham gia hỗ trợ về giao thông.")
    bodies = {"Các phòng GD&ĐT quận, huyện", "Các trường Đại học NCL", "Các trường THPT, trường trực thuộc", "Các Trung tâm GDTX"}
    assert got == {(b, r) for b in bodies for r in ("support", "lead")}


def test_a_field_of_names_keeps_its_collectives_to_their_end():
    got = roles("IV. TỔ CHỨC THỰC HIỆN\n1. Chú trọng triển khai thực hiện tốt công tác quán triệt.\n"
                "a) Đơn vị chủ trì: Sở Giáo dục và Đào tạo, Đại học Đà Nẵng; các trường đại học.\n"
                "b) Đơn vị phối hợp: Sở Thông tin và Truyền thông; các doanh nghiệp viễn thông.")
    assert got == {("Sở Giáo dục và Đào tạo", "lead"), ("Đại học Đà Nẵng", "lead"), ("Các trường đại học", "lead"),
                   ("Sở Thông tin và Truyền thông", "support"), ("Các doanh nghiệp viễn thông", "support")}


def test_an_introduction_s_addressees_own_the_numbered_items_that_name_nobody():
    letter = ("UBND thành phố yêu cầu thủ trưởng các sở, ban, ngành thuộc UBND tỉnh, Hội Khuyến học tỉnh và các trường "
              "đại học triển khai thực hiện các nhiệm vụ như sau:\n1. Căn cứ các nội dung có liên quan tại Thông báo số "
              "496-TB/TU, triển khai thực hiện các nhiệm vụ trọng tâm phù hợp với chức năng, nhiệm vụ.\n2. Giao Sở Giáo "
              "dục và Đào tạo theo dõi, tổng hợp, báo cáo UBND tỉnh về kết quả thực hiện.\n")
    got = record(letter)["assignments"]
    assert {(a["agency"], a["role"], a["section"]) for a in got} == {
        ("Các sở, ban, ngành cấp tỉnh", "lead", "1"), ("Hội Khuyến học tỉnh", "lead", "1"), ("Các trường đại học", "lead", "1"),
        ("Sở Giáo dục và Đào tạo", "lead", "2")}
    # a directive's parts under headings are not the introduction's items
    directive = ("Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành tập trung thực hiện các nội dung sau:\n"
                 "I. Trách nhiệm phối hợp trong công tác thẩm định\n1. Sở Tài chính là đầu mối chủ trì thẩm định.\n"
                 "2. Tuân thủ thời hạn tham gia ý kiến bằng văn bản theo quy định.\n")
    assert not [a for a in record(directive)["assignments"] if a["section"] == "I.2"]


def test_a_list_of_partners_goes_on_past_a_semicolon_and_a_recommendation_asks():
    got = roles("QUYẾT ĐỊNH:\nĐiều 3.\n1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp các sở, ban ngành tỉnh; Ủy ban "
                "nhân dân các xã, phường và các đơn vị có liên quan có trách nhiệm: thường xuyên theo dõi, cập nhật các quy "
                "định có liên quan.\n- Kiến nghị Bộ Nông nghiệp và Môi trường bãi bỏ thủ tục hành chính Xác nhận Hợp đồng.")
    assert got == {("Sở Nông nghiệp và Môi trường", "lead"), ("Các sở, ban, ngành cấp tỉnh", "support"),
                   ("UBND cấp xã", "support"), ("Các cơ quan, đơn vị, địa phương", "support"),
                   ("Bộ Nông nghiệp và Môi trường", "requested")}


def test_a_roadmap_field_gives_the_item_its_deadline():
    got = deadlines("QUYẾT ĐỊNH:\nĐiều 1.\n1. Thủ tục cấp giấy phép khai thác nước\nLộ trình thực hiện: Năm 2025 - 2026.")
    assert got == {(None, "2026-12-31")}


def test_a_part_on_the_situation_holds_only_the_targets_it_aims_at():
    rec = record("I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ NĂM 2025\n1. Có 03/25 trường ngoài công lập đạt chuẩn quốc gia, đạt tỷ lệ "
                 "12%.\n2. Chi thực hiện các chương trình: Phấn đấu hoàn thành 100% nhiệm vụ chi ngân sách trung ương hỗ trợ.")
    assert [(q["value"], q["scope"]) for q in rec["quotas"]] == [(100, "nhiệm vụ chi ngân sách trung ương hỗ trợ")]


def test_the_duty_follows_the_names_given_it_not_a_later_mention_of_the_same_body():
    got = record("QUYẾT ĐỊNH:\nĐiều 1.\n- Kiến nghị Bộ Nông nghiệp và Môi trường bãi bỏ thủ tục hành chính đã được công bố tại "
                 "Quyết định số 2310/QĐ-BNNMT ngày 08 tháng 4 năm 2025 của Bộ trưởng Bộ Nông nghiệp và Môi trường về việc "
                 "công bố chuẩn hóa thủ tục hành chính.")["assignments"]
    assert [(a["agency"], a["role"], a["task"][:30]) for a in got] == [
        ("Bộ Nông nghiệp và Môi trường", "requested", "bãi bỏ thủ tục hành chính đã đ")]


def test_the_partners_of_a_heading_support_each_duty_listed_under_it():
    got = record("QUYẾT ĐỊNH:\nĐiều 2. Giao các cơ quan, đơn vị:\n1. Thanh tra tỉnh chủ trì, phối hợp Văn phòng UBND tỉnh và "
                 "UBND các xã, phường:\nRà soát, xây dựng quy trình thực hiện thủ tục hành chính.\nHướng dẫn cán bộ, công "
                 "chức tiếp nhận thủ tục hành chính tại Bộ phận Một cửa.\n")["assignments"]
    assert {(a["agency"], a["role"], a["task"][:20]) for a in got} == {
        (body, role, task) for body, role in [("Thanh tra tỉnh", "lead"), ("Văn phòng UBND tỉnh", "support"),
                                              ("UBND cấp xã", "support")]
        for task in ("Rà soát, xây dựng qu", "Hướng dẫn cán bộ, cô")}


@pytest.mark.parametrize("sentence, expected", [
    ("- Sở Công Thương chủ trì, phối hợp các đơn vị điện lực trên địa bàn tỉnh trong việc rà soát khả năng cung ứng điện.",
     {("Sở Công Thương", "lead"), ("Các đơn vị điện lực trên địa bàn tỉnh", "support")}),
    ("Đề nghị các tổ chức tín dụng trên địa bàn tỉnh ưu tiên cho vay.", {("Các tổ chức tín dụng trên địa bàn tỉnh", "requested")}),
    # a verb ends the collective: "lập", but not the "lập" of "công lập"
    ("Giao các chủ đầu tư dự án lập và phê duyệt nhiệm vụ quy hoạch.", {("Các chủ đầu tư dự án", "lead")}),
    # "có chức năng" describes the bodies, it is not their predicate
    ("Giao các đơn vị sự nghiệp công lập có chức năng đào tạo, bồi dưỡng niêm yết công khai thủ tục hành chính.",
     {("Các đơn vị sự nghiệp công lập có chức năng đào tạo, bồi dưỡng", "lead")}),
    ("Giao các đơn vị sự nghiệp công lập trực thuộc rà soát danh mục dịch vụ.",
     {("Các đơn vị sự nghiệp công lập trực thuộc", "lead")}),
])
def test_a_collective_no_list_holds_after_a_role_cue(sentence, expected):
    assert roles("IV. TỔ CHỨC THỰC HIỆN\n" + sentence) == expected


def test_a_board_s_member_positions_are_no_duties_and_its_article_of_duties_is_its_own():
    got = roles("QUYẾT ĐỊNH: Điều 1. Kiện toàn Ban An toàn giao thông tỉnh, gồm các đồng chí có tên sau: 1. Đ/c Nguyễn Văn "
                "Hòa, Giám đốc Sở Giao thông vận tải, Phó trưởng Ban thường trực; 2. Đ/c Trần Văn Dũng, Giám đốc Công an "
                "tỉnh, Phó trưởng Ban; 3. Đ/c Lê Quang Minh, Giám đốc Sở Y tế, Ủy viên. Điều 2. Nhiệm vụ và quyền hạn "
                "của Ban ATGT tỉnh: 1. Tư vấn cho UBND tỉnh về chủ trương, kế hoạch bảo đảm trật tự an toàn giao thông "
                "trong phạm vi toàn tỉnh; 2. Kiểm tra, theo dõi, tổng hợp tình hình thực hiện công tác bảo đảm trật tự an "
                "toàn giao thông để kịp thời báo cáo Ủy ban nhân dân tỉnh theo quy định; 3. Tổ chức sơ kết, tổng kết "
                "đánh giá kết quả thực hiện công tác bảo đảm trật tự an toàn giao thông trên địa bàn tỉnh hằng năm.")
    assert got == {("Ban An toàn giao thông tỉnh", "lead")}


def test_a_delegation_gives_the_delegate_its_duty_and_its_term():
    rec = record("QUYẾT ĐỊNH:\nĐiều 1. Ủy quyền cho Sở Giao thông vận tải thực hiện quyết định đặt hàng quản lý, bảo trì "
                 "kết cấu hạ tầng giao thông đường bộ năm 2025. Thời hạn ủy quyền: đến hết ngày 31/12/2025.")
    assert {(a["agency"], a["role"]) for a in rec["assignments"]} == {("Sở Giao thông vận tải", "lead")}
    assert {(d["agency"], d["due"]) for d in rec["deadlines"]} == {("Sở Giao thông vận tải", "2025-12-31")}


def test_a_long_lead_in_ends_at_the_comma_before_the_subject():
    assert roles("2. Cùng với kinh phí do ngân sách trung ương hỗ trợ và ngân sách tỉnh đảm bảo, căn cứ tình hình thực tế, "
                 "yêu cầu công việc và khả năng cân đối của ngân sách địa phương, Ủy ban nhân dân các cấp thống nhất với "
                 "Ủy ban bầu cử xem xét, quyết định bổ sung kinh phí.") == {("UBND các cấp", "lead")}


def test_a_closing_article_listing_its_addressees_after_a_colon_assigns_nothing():
    assert roles("QUYẾT ĐỊNH:\nĐiều 4.\n4. Thủ trưởng các cơ quan, đơn vị: Văn phòng UBND tỉnh, Sở Tài chính và các cơ quan, "
                 "tổ chức và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.") == set()


def test_the_bodies_the_province_s_committee_directs_owe_the_step():
    assert roles("QUYẾT ĐỊNH:\nĐiều 1.\n- Bước 2: UBND cấp tỉnh chỉ đạo các cơ quan liên quan tổng hợp, rà soát, thẩm định "
                 "số liệu báo cáo.") == {("Các cơ quan, đơn vị, địa phương", "lead")}


def test_a_unit_named_by_what_it_does_supports_with_the_partners_after_it():
    assert roles("Điều 2. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với đơn vị cung cấp dịch vụ công nghệ thông tin "
                 "và các cơ quan, đơn vị liên quan xây dựng quy trình điện tử.") == {
        ("Sở Nông nghiệp và Môi trường", "lead"), ("Đơn vị cung cấp dịch vụ công nghệ thông tin", "support"),
        ("Các cơ quan, đơn vị, địa phương", "support")}


def test_a_cut_off_hour_of_each_day_is_no_daily_deadline():
    assert deadlines("QUYẾT ĐỊNH:\nĐiều 2.\n- Trung tâm Phục vụ hành chính công tỉnh chuyển hồ sơ vào đầu giờ ngày làm việc tiếp "
                     "theo đối với trường hợp tiếp nhận sau 15 giờ hàng ngày.") == set()


def test_the_ministry_that_carries_out_a_step_of_a_procedure_leads_it():
    assert roles("QUYẾT ĐỊNH:\nĐiều 1.\nBước 3: Trong vòng 30 ngày làm việc kể từ ngày nhận đủ báo cáo của các tỉnh, Bộ trưởng "
                 "Bộ Dân tộc và Tôn giáo căn cứ quy định tại Điều 4 ban hành Quyết định phê duyệt danh sách.") == {
        ("Bộ Dân tộc và Tôn giáo", "lead")}


def test_a_heading_that_says_its_bodies_are_responsible_heads_their_items():
    got = record("IV. TỔ CHỨC THỰC HIỆN\n11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm\na) Tiếp tục đầu "
                 "tư, nâng cấp mạng lưới cấp nước.\nb) Xây dựng phương án khai thác luân phiên nguồn nước.\n")["assignments"]
    assert {(a["agency"], a["role"], a["task"][:20]) for a in got} == {
        ("Các đơn vị cấp nước sạch trên địa bàn thành phố", "lead", "Tiếp tục đầu tư, nân"),
        ("Các đơn vị cấp nước sạch trên địa bàn thành phố", "lead", "Xây dựng phương án k")}


def test_a_departments_letter_gives_its_committee_no_duty_and_asks_the_addressees():
    text = ("UBND TỈNH PHÚ THỌ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc\n"
            "Số: 2874/STC-QLNS Phú Thọ, ngày 11 tháng 7 năm 2025\nV/v xây dựng dự toán ngân sách nhà nước năm 2026\n"
            "Kính gửi: Các sở, ban, ngành cấp tỉnh.\nSở Tài chính đề nghị các cơ quan, đơn vị:\n"
            "1. Lập dự toán năm 2026, gửi về Sở Tài chính trước ngày 25/7/2025.\n")
    doc = normalise(Source("x.txt", "", "text", (RawPage(1, text, "text"),)))
    r = extract_document(doc).to_dict()
    assert r["issuer"] == "Sở Tài chính"
    assert {(a["agency"], a["role"]) for a in r["assignments"]} == {("Các cơ quan, đơn vị, địa phương", "requested")}


def test_a_body_named_by_an_acronym_in_a_table_owes_each_deadline_once():
    body = ("IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Quản lý vận tải, phương tiện và người lái\n"
            "- Kiểm tra các bến xe khách, hoàn thành trong Quý III/2026.\n"
            "PHỤ LỤC\n" + _rows(("TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"),
                                ("1", "Kiểm tra bến xe khách", "Phòng QLVT, PT&NL", "Quý III/2026")))
    deadlines = [(d["agency"], d["due"]) for d in record(body)["deadlines"]]
    assert deadlines == [("Phòng Quản lý vận tải, phương tiện và người lái", "2026-09-30")]


def test_a_heading_with_a_comment_in_brackets_opens_its_block_and_the_comment_is_no_duty():
    body = ("Điều 2. Tổ chức thực hiện\n"
            "1. Văn phòng Điều phối nông thôn mới tỉnh (cơ quan thường trực Chương trình mục\n"
            "tiêu quốc gia xây dựng nông thôn mới của tỉnh):\n"
            "- Chủ trì theo dõi, đôn đốc các xã, hoàn thành trước ngày 30/6/2026.\n"
            "- Tổng hợp, báo cáo UBND tỉnh định kỳ 6 tháng, hằng năm.\n"
            "2. Sở Tài chính (cơ quan thường trực):\n"
            "- Hướng dẫn các xã, hoàn thành trong Quý I/2026.\n"
            "3. UBND các xã có tên tại Phụ lục\n"
            "- Xây dựng kế hoạch thực hiện, ban hành trước ngày 31/01/2026.\n")
    r = record(body)
    office = "Văn phòng Điều phối nông thôn mới tỉnh"
    assert [(a["agency"], a["task"]) for a in r["assignments"]] == [
        (office, "theo dõi, đôn đốc các xã, hoàn thành trước ngày 30/6/2026"),
        (office, "Tổng hợp, báo cáo UBND tỉnh định kỳ 6 tháng, hằng năm"),
        ("Sở Tài chính", "Hướng dẫn các xã, hoàn thành trong Quý I/2026"),
        ("UBND cấp xã", "Xây dựng kế hoạch thực hiện, ban hành trước ngày 31/01/2026")]
    assert [(d["agency"], d["due"] or d["recurrence"]) for d in r["deadlines"]] == [
        (office, "2026-06-30"), (office, "semiannual"), (office, "yearly"), ("Sở Tài chính", "2026-03-31"),
        ("UBND cấp xã", "2026-01-31")]


def test_the_article_on_whom_a_regulation_applies_to_assigns_nothing():
    body = ("QUY CHẾ\nĐiều 2. Đối tượng áp dụng\n"
            "1. Các sở, ban, ngành tỉnh; Công an tỉnh; Ủy ban nhân dân các xã, phường có đường biên giới.\n"
            "2. Các chủ đầu tư xây dựng và kinh doanh hạ tầng kỹ thuật cụm công nghiệp.\n"
            "Điều 3. Trách nhiệm của Công an tỉnh\n1. Chủ trì bảo đảm an ninh, trật tự tại khu vực cửa khẩu.\n")
    assert [(a["agency"], a["role"], a["section"]) for a in record(body)["assignments"]] == [
        ("Công an tỉnh", "lead", "Điều 3.1")]


def test_a_chapter_heading_is_no_duty_of_the_block_before_it():
    body = ("QUY CHẾ\nĐiều 10. Trách nhiệm của các sở, ban, ngành khác\n1. Chủ động phối hợp với Sở Công Thương.\n"
            "Chương III\nCHẾ ĐỘ THÔNG TIN, BÁO CÁO VÀ TỔ CHỨC THỰC HIỆN\nĐiều 12. Chế độ thông tin\n"
            "1. Định kỳ hằng tháng, các cơ quan, đơn vị gửi thông tin về Sở Công Thương trước ngày 25 hằng tháng.\n")
    tasks = [a["task"] for a in record(body)["assignments"]]
    assert not [t for t in tasks if "Chương" in t or t.isupper()]


def test_a_section_of_targets_inside_a_part_on_the_situation_holds_targets():
    # a commune's plan: "II. THỰC TRẠNG VÀ CHỈ TIÊU NĂM 2026", its situation, then its targets
    body = ("II. THỰC TRẠNG VÀ CHỈ TIÊU NĂM 2026\n1. Khái quát tình hình\nNăm 2025 tỷ lệ người cao tuổi được lập hồ sơ "
            "theo dõi sức khỏe đạt 78,3%.\n2. Các chỉ tiêu chủ yếu năm 2026\n- Tỷ lệ tăng dân số tự nhiên: không quá 0,95%.\n"
            "- Tỷ lệ nam, nữ thanh niên được tư vấn và khám sức khỏe trước khi kết hôn: 70%.\n")
    assert [(q["comparator"], q["value"]) for q in record(body)["quotas"]] == [("<=", 0.95), ("=", 70)]


def test_a_table_of_targets_by_commune_gives_each_commune_its_shares_and_kh_is_a_plan_column(tmp_path):
    path = tmp_path / "qd.txt"
    body = ("Phụ lục I\nSTT | Chỉ tiêu | ĐVT | Ước TH 2022 | KH 2023\n1 | Số doanh nghiệp thành lập mới | DN | 410 | 460\n\n"
            "Phụ lục II\nSTT | Xã, phường | Thu NSNN trên địa bàn | Che phủ rừng (%) | Giảm hộ nghèo (%)\n"
            "1 | Tô Hiệu | 286.500 | 21,5 | 0,3\n2 | Chiềng An | 64.200 | 38,2 | 0,5\n")
    path.write_text(HEAD + body, encoding="utf-8")
    got = [(q["value"], q["percent"], q["scope"]) for q in extract_document(normalise(read(path))).to_dict()["quotas"]]
    assert got == [(460, False, "Số doanh nghiệp thành lập mới"), (21.5, True, "Tô Hiệu"), (0.3, True, "Tô Hiệu"),
                   (38.2, True, "Chiềng An"), (0.5, True, "Chiềng An")]


def test_a_table_s_unit_in_capitals_scales_its_values(tmp_path):
    path = tmp_path / "kh.txt"
    path.write_text(HEAD + "Chỉ tiêu | Đơn vị | Quý I | Quý II\nTổng lượt khách | Triệu lượt | 4,8 | 6,2\n"
                    "Khách quốc tế | Nghìn lượt | 950 | 1.100\n", encoding="utf-8")
    got = [q["value"] for q in extract_document(normalise(read(path))).to_dict()["quotas"]]
    assert got == [4800000, 6200000, 950000, 1100000]


def test_a_heading_whose_bodies_are_qualified_by_what_they_have_keeps_its_block():
    # "có dự án", "có rừng": which of the bodies, not a duty; the items under the heading are theirs
    body = ("III. NHIỆM VỤ\n1. Chủ tịch UBND các xã, phường có dự án\na) Hoàn thành kiểm đếm trước ngày 31/10/2025.\n"
            "2. Sở Tài chính có trách nhiệm hướng dẫn thanh toán trước ngày 15/11/2025.\n")
    assert deadlines(body) == {("UBND cấp xã", "2025-10-31"), ("Sở Tài chính", "2025-11-15")}


def test_a_body_named_bare_and_with_the_province_is_one_body():
    body = ("V. TỔ CHỨC THỰC HIỆN\n1. Tỉnh đoàn Ninh Thuận chủ trì tổ chức ngày hội thanh niên.\n"
            "2. Sở Nội vụ chủ trì, phối hợp với Tỉnh đoàn tổ chức tư vấn nghề nghiệp.\n")
    assert roles(body) == {("Tỉnh đoàn Ninh Thuận", "requested"), ("Sở Nội vụ", "lead"), ("Tỉnh đoàn Ninh Thuận", "support")}


def test_in_a_section_of_targets_a_plain_count_after_its_action_is_a_target():
    body = ("II. CHỈ TIÊU NĂM 2026\n1. Tổ chức 36 phiên giao dịch việc làm; giải quyết việc làm mới cho 39.000 lao động.\n"
            "2. Hỗ trợ nhà ở cho 420 hộ nghèo (xây mới 300 nhà, sửa chữa 120 nhà).\n"
            "III. NHIỆM VỤ\n1. Sở Nội vụ tổ chức 12 hội nghị tập huấn.\n")
    got = [(q["comparator"], q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [("=", 36, "phiên giao dịch việc làm"), ("=", 39000, "lao động"),
                   ("=", 420, "hộ nghèo"), ("=", 300, "nhà"), ("=", 120, "nhà")]


def test_in_a_section_of_targets_the_parts_of_a_count_after_trong_do_are_targets_of_their_own():
    body = ("II. CHỈ TIÊU NĂM 2026\n1. Di dời, bố trí ổn định 1.260 hộ dân vùng có nguy cơ sạt lở, trong đó: khu vực miền "
            "núi phía Tây 840 hộ, khu vực ven sông Mã, sông Chu 250 hộ, khu vực ven biển 170 hộ.\n"
            "III. NHIỆM VỤ\n1. Sở Y tế hỗ trợ 500 hộ, trong đó khu vực ven biển 200 hộ.\n")
    got = [(q["value"], q["unit"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [(1260, "hộ dân vùng có nguy cơ sạt lở", "hộ dân vùng có nguy cơ sạt lở"),
                   (840, "hộ", "khu vực miền núi phía Tây"), (250, "hộ", "khu vực ven sông Mã, sông Chu"),
                   (170, "hộ", "khu vực ven biển")]  # outside a section of targets, plain counts stay figures


def test_a_plain_count_of_works_after_hoan_thanh_or_them_is_a_target_wherever_it_stands():
    body = ("III. NHIỆM VỤ\n1. Sở Xây dựng\n- Hoàn thành sửa chữa, nâng cấp 07 hồ chứa nước trong quý II/2026.\n"
            "- Kiên cố hóa thêm 185 km đường giao thông nông thôn.\n- Hoàn thành, đưa vào khai thác 12 công trình giao thông.\n"
            "- Năm 2025 đã hoàn thành xóa 184 nhà tạm.\n- Hoàn thành rà soát đợt 1 trong quý I/2026.\n"
            "- Phủ sóng 4G/5G, hoàn thành 04 tuyến cáp quang và nâng cấp 02 trạm biến áp.\n"
            "| 9 | Hoàn thành 18 công trình chuyển tiếp | UBND các xã |\n")
    got = [(q["comparator"], q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [("=", 7, "hồ chứa nước"), ("=", 185, "km đường giao thông nông thôn"),
                   ("=", 12, "công trình giao thông"), ("=", 4, "tuyến cáp quang")]


def test_a_change_down_to_a_value_under_a_label_is_the_label_s():
    body = "II. MỤC TIÊU\n2. Mục tiêu cụ thể\nc) Chi phí logistics so với GRDP: giảm xuống còn 17,5% năm 2026; 16% năm 2028.\n"
    got = [(q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [(17.5, "Chi phí logistics"), (16, "Chi phí logistics")]


def test_in_a_section_of_targets_a_count_after_its_label_and_the_parts_in_later_clauses_are_targets():
    body = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể năm 2026\n- Tuyển sinh, đào tạo nghề cho 52.000 người, trong đó: cao đẳng "
            "4.200 người; trung cấp 7.800 người.\n- Đào tạo nghề cho lao động nông thôn: 18.000 người.\n"
            "- Hỗ trợ nhà ở cho 3.500 hộ, trong đó xây mới 2.600 nhà; năm 2027: 800 nhà.\n"
            "- Kiểm tra 350 lượt doanh nghiệp (quý I: 60 lượt; quý II: 100 lượt).\n- Tổ chức 02 Ngày hội việc làm.\n"
            "- Thời gian chờ: 60 giây.\n")
    got = [(q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [(52000, "người"), (4200, "cao đẳng"), (7800, "trung cấp"), (18000, "Đào tạo nghề cho lao động nông thôn"),
                   (3500, "hộ"), (2600, "nhà"), (2, "Ngày hội việc làm")]


def test_a_share_of_a_plan_measures_what_is_disbursed_or_collected():
    body = ("II. MỤC TIÊU\n1. Phấn đấu giải ngân vốn đầu tư công năm 2025 của toàn thành phố đạt tối thiểu 70% kế hoạch "
            "đến ngày 30/11/2025.\n2. Giải ngân vốn bồi thường, giải phóng mặt bằng đạt tối thiểu 80% kế hoạch vốn giao.\n"
            "3. Ước thực hiện thu nội địa năm 2025 phải bảo đảm phấn đấu vượt tối thiểu 10% dự toán.\n"
            "4. Giải ngân đạt 100% kế hoạch vốn được giao.\n")
    got = [(q["value"], q["scope"]) for q in record(body)["quotas"]]
    assert got == [(70, "vốn đầu tư công năm 2025 của toàn thành phố"), (80, "vốn bồi thường, giải phóng mặt bằng"),
                   (10, "thu nội địa năm 2025"), (100, "kế hoạch vốn")]
