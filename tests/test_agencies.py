"""pipeline.extraction.agencies: agency mentions, their spans and canonical names.

The sentences come from the documents in corpora/ (line breaks kept where the
source wraps inside a name); each row lists every (span as printed, canonical
name) the recogniser must return, in order.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extraction.agencies import canonical_agency, expand_abbreviations, find_agencies, fold
from pipeline.extraction.places import canonical_province, find_province, find_provinces, province_successor

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

# fmt: off
SENTENCES = [
    # a province's cultural institutions are bodies
    ("Bảo tàng tỉnh tổ chức trưng bày chuyên đề", [("Bảo tàng tỉnh", "Bảo tàng tỉnh")]),
    ("Nhà hát Ca múa nhạc dân tộc Đắk Lắk biểu diễn", [("Nhà hát Ca múa nhạc dân tộc Đắk Lắk",
                                                       "Nhà hát Ca múa nhạc dân tộc Đắk Lắk")]),
    ("số hóa hiện vật bảo tàng", []),
    # a name's own phrase is no predicate that ends it ("Đăng ký", "Trật tự", "người tiêu dùng")
    ("Giao Văn phòng Đăng ký đất đai tỉnh cập nhật", [("Văn phòng Đăng ký đất đai tỉnh", "Văn phòng Đăng ký đất đai tỉnh")]),
    ("Đội Trật tự đô thị phường kiểm tra", [("Đội Trật tự đô thị phường", "Đội Trật tự đô thị phường")]),
    ("Hội Bảo vệ quyền lợi người tiêu dùng thành phố tuyên truyền",
     [("Hội Bảo vệ quyền lợi người tiêu dùng thành phố", "Hội Bảo vệ quyền lợi người tiêu dùng thành phố")]),
    # a named cooperative is a body; the generic noun in lower case is none
    ("Hợp tác xã Du lịch cộng đồng Phố cổ Đồng Văn chủ trì", [("Hợp tác xã Du lịch cộng đồng Phố cổ Đồng Văn",
                                                             "Hợp tác xã Du lịch cộng đồng Phố cổ Đồng Văn")]),
    ("Hợp tác xã nông nghiệp phải công khai", []),
    # a province's project boards and its union of scientific associations, under their full names
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh phối hợp",
     [("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh",
       "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh")]),
    ("Hội Doanh nhân trẻ tỉnh phối hợp", [("Hội Doanh nhân trẻ tỉnh", "Hội Doanh nhân trẻ tỉnh")]),
    # a commune's joint office as the commune writes it
    ("Văn phòng HĐND và UBND xã tham mưu", [("Văn phòng HĐND và UBND xã", "Văn phòng HĐND và UBND xã")]),
    # a name's lower-case tail runs to the predicate when no word of a clause is in it
    ("Trung tâm Quan trắc tài nguyên và môi trường thực hiện",
     [("Trung tâm Quan trắc tài nguyên và môi trường", "Trung tâm Quan trắc tài nguyên và môi trường")]),
    ("Chi cục Thủy lợi kiểm tra các hồ chứa", [("Chi cục Thủy lợi", "Chi cục Thủy lợi")]),
    ("Thống kê thành phố Cần Thơ cung cấp số liệu", [("Thống kê thành phố Cần Thơ", "Thống kê thành phố Cần Thơ")]),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh phối hợp", [("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
                                                             "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh")]),
    # a province's name ends the name it closes; a one-word predicate ("trình") is no name's end
    ("Tổng công ty Vận tải Hà Nội xây dựng lộ trình thay thế", [("Tổng công ty Vận tải Hà Nội", "Tổng công ty Vận tải Hà Nội")]),
    # a board named by its head alone is the document's own board, not a central one named in passing
    ("Bám sát chỉ đạo của Ban Chỉ đạo Trung ương. Các thành viên Ban Chỉ đạo báo cáo; Ban Chỉ đạo họp hằng quý",
     [("Ban Chỉ đạo Trung ương", "Ban Chỉ đạo Trung ương"), ("Các thành viên Ban Chỉ đạo", "Các thành viên Ban Chỉ đạo"),
      ("Ban Chỉ đạo", "Ban Chỉ đạo")]),
    # a board's standing office, and the board's full post-2025 name with its fixed phrases
    ("Văn phòng thường trực Ban Chỉ huy Phòng, chống thiên tai, Tìm kiếm cứu nạn và Phòng thủ dân sự tỉnh theo dõi",
     [("Văn phòng thường trực Ban Chỉ huy Phòng, chống thiên tai, Tìm kiếm cứu nạn và Phòng thủ dân sự tỉnh",
       "Văn phòng thường trực Ban Chỉ huy Phòng, chống thiên tai, Tìm kiếm cứu nạn và Phòng thủ dân sự tỉnh")]),
    ("15. Văn phòng Thường trực Ban Chỉ đạo 389 tỉnh", [("Văn phòng Thường trực Ban Chỉ đạo 389 tỉnh",
                                                        "Văn phòng Thường trực Ban Chỉ đạo 389 tỉnh")]),
    # a name whose last words are lower case runs to the predicate that ends it
    ("Chi cục Trồng trọt và Bảo vệ thực vật phối hợp", [("Chi cục Trồng trọt và Bảo vệ thực vật",
                                                         "Chi cục Trồng trọt và Bảo vệ thực vật")]),
    # "sở" in "cơ sở" is half of a word: no department opens there
    ("Các trường trung học cơ sở trên địa bàn tỉnh triển khai; các sở, ban, ngành trên địa bàn tỉnh phối hợp",
     [("các sở, ban, ngành trên địa bàn tỉnh", "Các sở, ban, ngành cấp tỉnh")]),
    # "giáo dục thường xuyên" is a name's phrase, though "thường xuyên" alone ends a name as an adverb
    ("Trung tâm Giáo dục thường xuyên tỉnh chủ trì; Sở Y tế thực hiện thường xuyên",
     [("Trung tâm Giáo dục thường xuyên tỉnh", "Trung tâm Giáo dục thường xuyên tỉnh"), ("Sở Y tế", "Sở Y tế")]),
    # a department's divisions: "ngân sách", "hành chính sự nghiệp" are their names' phrases
    ("Phòng Quản lý ngân sách chủ trì, phối hợp với Phòng Tài chính hành chính sự nghiệp tổng hợp dự toán",
     [("Phòng Quản lý ngân sách", "Phòng Quản lý ngân sách"),
      ("Phòng Tài chính hành chính sự nghiệp", "Phòng Tài chính hành chính sự nghiệp")]),
    # a board's own units ("thuộc Ban"), as a department's; "doanh nghiệp thuộc đối tượng" names no body
    ("16 | Báo cáo tổng kết | Phòng Quản lý môi trường | Các phòng, đơn vị thuộc Ban | Trước ngày 10/12/2026",
     [("Phòng Quản lý môi trường", "Phòng Quản lý môi trường"), ("Các phòng, đơn vị thuộc Ban", "Các phòng, đơn vị thuộc Ban")]),
    ("12 | Lắp đặt quan trắc tự động | Doanh nghiệp thuộc đối tượng | Phòng Quản lý môi trường",
     [("Phòng Quản lý môi trường", "Phòng Quản lý môi trường")]),
    # "CSXH", "QLDA" are expanded; "ưu tiên" is a predicate, not the end of a name
    ("Ngân hàng CSXH chi nhánh tỉnh phối hợp; Tổng công ty Đường sắt Việt Nam ưu tiên bố trí vốn",
     [("Ngân hàng CSXH chi nhánh tỉnh", "Ngân hàng Chính sách xã hội chi nhánh tỉnh"),
      ("Tổng công ty Đường sắt Việt Nam", "Tổng công ty Đường sắt Việt Nam")]),
    # an association keeps the province it prints after its level; written without one, it has none
    ("Hiệp hội Doanh nghiệp tỉnh Gia Lai phối hợp; Hiệp hội Doanh nghiệp tỉnh tuyên truyền",
     [("Hiệp hội Doanh nghiệp tỉnh Gia Lai", "Hiệp hội Doanh nghiệp tỉnh Gia Lai"),
      ("Hiệp hội Doanh nghiệp tỉnh", "Hiệp hội Doanh nghiệp tỉnh")]),
    # the police's crime-prevention divisions: the whole fixed phrase is the name
    ("Phòng Cảnh sát phòng, chống tội phạm về môi trường phối hợp kiểm tra",
     [("Phòng Cảnh sát phòng, chống tội phạm về môi trường", "Phòng Cảnh sát phòng, chống tội phạm về môi trường")]),
    # ... or to the end of its table cell or of its heading line
    ("9 | Cấp mã số vùng trồng | Chi cục Trồng trọt và Bảo vệ thực vật | UBND các xã",
     [("Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Trồng trọt và Bảo vệ thực vật"), ("UBND các xã", "UBND cấp xã")]),
    ("3. Chi cục Trồng trọt và Bảo vệ thực vật\nHướng dẫn lịch thời vụ", [("Chi cục Trồng trọt và Bảo vệ thực vật",
                                                                         "Chi cục Trồng trọt và Bảo vệ thực vật")]),
    # a company keeps its legal form as printed; a province's name inside a name is no head ("Hải Phòng")
    ("Giao Công ty TNHH MTV Thoát nước Hải Phòng chủ trì", [("Công ty TNHH MTV Thoát nước Hải Phòng",
                                                           "Công ty TNHH MTV Thoát nước Hải Phòng")]),
    # a department's office and inspectorate: named by the department they serve, or by "Sở" alone in its own plan
    ("gửi Văn phòng Sở Y tế tổng hợp; Thanh tra Sở Xây dựng kiểm tra; Văn phòng Sở theo dõi",
     [("Văn phòng Sở Y tế", "Văn phòng Sở Y tế"), ("Thanh tra Sở Xây dựng", "Thanh tra Sở Xây dựng"),
      ("Văn phòng Sở", "Văn phòng Sở")]),
    # the brief's own three-mention sentence, and lists with groups
    ("Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền thông, Ủy ban nhân dân các huyện, thị xã, thành phố tổ chức tuyên truyền",
     [("Sở Nội vụ", "Sở Nội vụ"), ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
      ("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND cấp huyện")]),
    ("2. Bộ CHQS tỉnh có trách nhiệm tham mưu Ủy ban nhân\ndân tỉnh theo dõi, hướng dẫn, kiểm tra, đôn đốc các sở, ban, ngành, tổ chức\nchính trị - xã hội, Ủy ban nhân dân các xã, phường triển khai thực hiện",
     [("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"), ("Ủy ban nhân\ndân tỉnh", "UBND tỉnh"),
      ("các sở, ban, ngành", "Các sở, ban, ngành cấp tỉnh"),
      ("tổ chức\nchính trị - xã hội", "Các tổ chức chính trị - xã hội"),
      ("Ủy ban nhân dân các xã, phường", "UBND cấp xã")]),
    ("4. Sở Tài chính và Ủy ban nhân dân các xã, phường bố\ntrí ngân sách nhà nước để thực hiện Kế hoạch này",
     [("Sở Tài chính", "Sở Tài chính"), ("Ủy ban nhân dân các xã, phường", "UBND cấp xã")]),
    ("Yêu cầu Thủ trưởng các sở, ban, ngành, đoàn thể cấp tỉnh, doanh nghiệp thuộc tỉnh và Ủy ban nhân dân huyện, thị xã, thành phố (sau đây gọi chung là cơ quan, địa phương, đơn vị) nghiêm túc triển khai",
     [("Thủ trưởng các sở, ban, ngành, đoàn thể cấp tỉnh", "Các sở, ban, ngành cấp tỉnh"),
      ("doanh nghiệp thuộc tỉnh", "Các doanh nghiệp thuộc tỉnh"),
      ("Ủy ban nhân dân huyện, thị xã, thành phố", "UBND cấp huyện"),
      ("cơ quan, địa phương, đơn vị", "Các cơ quan, đơn vị, địa phương")]),
    ("và phối hợp với các sở, ban, ngành, Ủy ban nhân dân xã, phường bố trí kinh phí",
     [("các sở, ban, ngành", "Các sở, ban, ngành cấp tỉnh"), ("Ủy ban nhân dân xã, phường", "UBND cấp xã")]),
    ("f) Chủ trì, phối hợp với Sở Nội vụ và các cơ quan,\nđơn vị liên quan",
     [("Sở Nội vụ", "Sở Nội vụ"), ("các cơ quan,\nđơn vị liên quan", "Các cơ quan, đơn vị, địa phương")]),
    ("Yêu cầu các sở, ban, ngành, Ủy ban nhân dân các xã,\nphường và các đơn vị có liên quan thực hiện nghiêm túc./.",
     [("các sở, ban, ngành", "Các sở, ban, ngành cấp tỉnh"), ("Ủy ban nhân dân các xã,\nphường", "UBND cấp xã"),
      ("các đơn vị có liên quan", "Các cơ quan, đơn vị, địa phương")]),
    ("14. Các sở, ban ngành, cơ quan thuộc tỉnh chủ trì xây dựng các",
     [("Các sở, ban ngành", "Các sở, ban, ngành cấp tỉnh"), ("cơ quan thuộc tỉnh", "Các cơ quan, đơn vị, địa phương")]),
    ("UBND các xã, phường, thị trấn", [("UBND các xã, phường, thị trấn", "UBND cấp xã")]),
    # the regional offices of central agencies keep their region; "khu vực" alone is no level
    ("Kho bạc Nhà nước khu vực VIII, Hải quan khu vực XII và Trung tâm Y tế khu vực biên giới",
     [("Kho bạc Nhà nước khu vực VIII", "Kho bạc Nhà nước khu vực VIII"), ("Hải quan khu vực XII", "Hải quan khu vực XII"),
      ("Trung tâm Y tế", "Trung tâm Y tế tỉnh")]),
    # a board named by what it is for, then by its head alone
    ("Thành lập Ban Chỉ đạo chuyển đổi số tỉnh, gồm các ông (bà). Điều 2. Nhiệm vụ của Ban Chỉ đạo",
     [("Ban Chỉ đạo chuyển đổi số tỉnh", "Ban Chỉ đạo chuyển đổi số tỉnh"), ("Ban Chỉ đạo", "Ban Chỉ đạo chuyển đổi số tỉnh")]),
    ("Ban Chỉ đạo phòng, chống tham nhũng tỉnh; Tổ công tác cải cách thủ tục hành chính tỉnh; Ban Chỉ đạo chỉ đạo các xã",
     [("Ban Chỉ đạo phòng, chống tham nhũng tỉnh", "Ban Chỉ đạo phòng, chống tham nhũng tỉnh"),
      ("Tổ công tác cải cách thủ tục hành chính tỉnh", "Tổ công tác cải cách thủ tục hành chính tỉnh"),
      ("Ban Chỉ đạo", "Ban Chỉ đạo phòng, chống tham nhũng tỉnh")]),
    # the provincial city named after the districts closes the list
    ("Ủy ban nhân dân các huyện, thị xã và thành phố Huế chỉ đạo",
     [("Ủy ban nhân dân các huyện, thị xã và thành phố Huế", "UBND cấp huyện")]),
    ("UBND các huyện, thành phố Buôn Ma Thuột; Sở Y tế", [("UBND các huyện, thành phố Buôn Ma Thuột", "UBND cấp huyện"),
     ("Sở Y tế", "Sở Y tế")]),
    ("các sở, ban, ngành, đoàn thể cấp tỉnh", [("các sở, ban, ngành, đoàn thể cấp tỉnh", "Các sở, ban, ngành cấp tỉnh")]),
    ("Sở, ban, ngành, tổ chức chính trị - xã hội", [("Sở, ban, ngành", "Các sở, ban, ngành cấp tỉnh"),
     ("tổ chức chính trị - xã hội", "Các tổ chức chính trị - xã hội")]),
    # heads of bodies stand for the bodies
    ("Giám đốc Sở Y tế, Chủ tịch UBND các huyện, thành phố chịu trách nhiệm trước Chủ tịch UBND tỉnh",
     [("Giám đốc Sở Y tế", "Sở Y tế"), ("Chủ tịch UBND các huyện, thành phố", "UBND cấp huyện"),
      ("Chủ tịch UBND tỉnh", "UBND tỉnh")]),
    ("Thủ trưởng các sở, ngành chịu trách nhiệm", [("Thủ trưởng các sở, ngành", "Các sở, ban, ngành cấp tỉnh")]),
    # a unit inside its parent, and the other way round
    ("mại trên địa bàn chủ động phối hợp với Sở Y tế (Chi Cục Dân số - Xã hội) triển",
     [("Sở Y tế (Chi Cục Dân số - Xã hội)", "Sở Y tế")]),
    ("3. Giao Phòng Nội vụ huyện (Thường trực Hội đồng Thi đua - Khen thưởng) chủ trì thực hiện các nhiệm vụ:",
     [("Phòng Nội vụ huyện (Thường trực Hội đồng Thi đua - Khen thưởng)", "Phòng Nội vụ huyện")]),
    ("Ban Thi đua - Khen thưởng (Sở Nội vụ) tổng hợp", [("Ban Thi đua - Khen thưởng (Sở Nội vụ)", "Ban Thi đua - Khen thưởng")]),
    ("Phòng An ninh chính trị nội bộ Công an tỉnh chủ trì",
     [("Phòng An ninh chính trị nội bộ Công an tỉnh", "Phòng An ninh chính trị nội bộ Công an tỉnh")]),
    ("Văn phòng Sở Y tế tổng hợp", [("Văn phòng Sở Y tế", "Văn phòng Sở Y tế")]),
    # abbreviations
    ("Sở TT&TT, Sở KH&ĐT, Sở LĐ-TB&XH, Sở GD&ĐT, Sở VH,TT&DL phối hợp thực hiện",
     [("Sở TT&TT", "Sở Thông tin và Truyền thông"), ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
      ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"), ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
      ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch")]),
    ("Sở NN&MT, Sở KHCN, Sở VHTTDL", [("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
     ("Sở KHCN", "Sở Khoa học và Công nghệ"), ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch")]),
    ("Ủy ban MTTQ Việt Nam xã giới thiệu ứng cử đại biểu HĐND xã",
     [("Ủy ban MTTQ Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"), ("HĐND xã", "HĐND xã")]),
    ("Đài PTTH tỉnh, Hội đồng TĐKT tỉnh", [("Đài PTTH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
     ("Hội đồng TĐKT tỉnh", "Hội đồng Thi đua - Khen thưởng tỉnh")]),
    # mass organisations, courts, forces, press
    ("Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn, Hội Nông dân tỉnh, Hội Cựu chiến binh tỉnh, Liên đoàn Lao động tỉnh phối hợp",
     [("Hội Liên hiệp Phụ nữ tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"), ("Tỉnh đoàn", "Tỉnh đoàn"),
      ("Hội Nông dân tỉnh", "Hội Nông dân tỉnh"), ("Hội Cựu chiến binh tỉnh", "Hội Cựu chiến binh tỉnh"),
      ("Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh")]),
    ("Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh phối hợp với Công an tỉnh",
     [("Viện kiểm sát nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh"), ("Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh"),
      ("Công an tỉnh", "Công an tỉnh")]),
    ("Công an tỉnh chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh thực hiện",
     [("Công an tỉnh", "Công an tỉnh"), ("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
      ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh")]),
    ("Đài Phát thanh và Truyền hình tỉnh, Báo Ninh Thuận mở chuyên trang, chuyên mục tuyên truyền",
     [("Đài Phát thanh và Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh"), ("Báo Ninh Thuận", "Báo Ninh Thuận")]),
    ("- Định hướng, chỉ đạo Báo và\nPhát thanh, Truyền hình Cần Thơ, các cơ quan thông tấn báo chí và hệ thống",
     [("Báo và\nPhát thanh, Truyền hình Cần Thơ", "Báo và Phát thanh, Truyền hình Cần Thơ"),
      ("các cơ quan thông tấn báo chí", "Các cơ quan thông tin, báo chí, truyền thông")]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội cấp tỉnh chỉ đạo",
     [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
      ("các tổ chức chính trị - xã hội cấp tỉnh", "Các tổ chức chính trị - xã hội")]),
    ("Ban Tuyên giáo Tỉnh ủy chỉ đạo các cơ quan báo chí tuyên truyền",
     [("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"), ("các cơ quan báo chí", "Các cơ quan thông tin, báo chí, truyền thông")]),
    # a name wrapped over two lines, a place after the level, names no list holds
    ("1. Sở Nông nghiệp và Môi\ntrường\n\n- Chủ trì tham mưu", [("Sở Nông nghiệp và Môi\ntrường", "Sở Nông nghiệp và Môi trường")]),
    ("Trung tâm Y tế huyện Cẩm Mỹ phối hợp với Trạm Y tế các xã",
     [("Trung tâm Y tế huyện Cẩm Mỹ", "Trung tâm Y tế huyện"), ("Trạm Y tế", "Trạm Y tế")]),
    ("Chi cục Hải quan khu vực XIX phối hợp", [("Chi cục Hải quan khu vực XIX", "Chi cục Hải quan khu vực XIX")]),
    # the investors of public works are a collective wherever they are named: "Trách nhiệm của các chủ đầu tư"
    ("1. Trách nhiệm của các chủ đầu tư\na) Lập kế hoạch giải ngân", [("các chủ đầu tư", "Các chủ đầu tư")]),
    # a body that keeps its place shares its head with the next level and place: "UBND xã A, xã B"
    ("UBND xã Trà Bồng, xã Tây Trà và xã Sơn Tây Thượng chủ trì vận động nhân dân",
     [("UBND xã Trà Bồng", "UBND xã Trà Bồng"), ("xã Tây Trà", "UBND xã Tây Trà"),
      ("xã Sơn Tây Thượng", "UBND xã Sơn Tây Thượng")]),
    ("Ủy ban nhân dân phường Hải Châu, phường Thanh Khê tổ chức kiểm tra",
     [("Ủy ban nhân dân phường Hải Châu", "UBND phường Hải Châu"), ("phường Thanh Khê", "UBND phường Thanh Khê")]),
    ("UBND xã Tây Trà, các xã lân cận phối hợp", [("UBND xã Tây Trà", "UBND xã Tây Trà")]),
    ("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh,\ncấp xã; ban hành quy chế",
     [("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh", "Ban Chỉ huy Phòng thủ dân sự tỉnh"), ("cấp xã", "Ban Chỉ huy Phòng thủ dân sự xã")]),
    ("Trung tâm Xúc tiến đầu tư tỉnh chủ trì", [("Trung tâm Xúc tiến đầu tư tỉnh", "Trung tâm Xúc tiến đầu tư tỉnh")]),
    # a body of each district; "các ban, ngành" is the provincial group, "các ban" alone is none
    ("Ban An toàn giao thông các huyện, thị xã, thành phố tổ chức",
     [("Ban An toàn giao thông các huyện, thị xã, thành phố", "Ban An toàn giao thông cấp huyện")]),
    # a listed body of each unit of a level, its abbreviations written out
    ("đề nghị Ban Chỉ huy PCTT và TKCN các huyện, thị xã triển khai",
     [("Ban Chỉ huy PCTT và TKCN các huyện, thị xã", "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn cấp huyện")]),
    ("Ban Chỉ huy Quân sự các xã, phường", [("Ban Chỉ huy Quân sự các xã, phường", "Ban Chỉ huy Quân sự cấp xã")]),
    # a university is a body; "trình độ đại học" is not
    ("Đơn vị chủ trì: Sở GDĐT, Đại học Đà Nẵng; các trường.", [("Sở GDĐT", "Sở Giáo dục và Đào tạo"), ("Đại học Đà Nẵng", "Đại học Đà Nẵng")]),
    ("Sở Nội vụ tuyển dụng người có trình độ đại học trở lên.", [("Sở Nội vụ", "Sở Nội vụ")]),
    ("Văn phòng Ủy ban nhân dân các huyện, thị xã", [("Văn phòng Ủy ban nhân dân các huyện, thị xã", "Văn phòng UBND cấp huyện")]),
    ("các cấp, các ban, ngành, đoàn thể trên địa bàn tỉnh xây dựng kế hoạch",
     [("các ban, ngành, đoàn thể trên địa bàn tỉnh", "Các sở, ban, ngành cấp tỉnh")]),
    ("các ban chỉ đạo tổ chức kiểm tra", []),
    # a collective with its description, up to the role word or the end of its table cell
    ("Các doanh nghiệp cung cấp dịch vụ viễn thông phối hợp phát triển hạ tầng",
     [("Các doanh nghiệp cung cấp dịch vụ viễn thông", "Các doanh nghiệp cung cấp dịch vụ viễn thông")]),
    ("Ban Quản lý Khu kinh tế | Các doanh nghiệp đầu tư hạ tầng | Thường xuyên",
     [("Ban Quản lý Khu kinh tế", "Ban Quản lý Khu kinh tế"), ("Các doanh nghiệp đầu tư hạ tầng", "Các doanh nghiệp đầu tư hạ tầng")]),
    ("Các doanh nghiệp đầu tư, ứng dụng thiết bị IoT", [("Các doanh nghiệp", "Các doanh nghiệp")]),
    # full names whose words run on in lower case
    ("Trung tâm Trợ giúp pháp lý Nhà nước Hà Tĩnh; Phòng Kiểm tra văn bản quy phạm pháp luật;",
     [("Trung tâm Trợ giúp pháp lý Nhà nước Hà Tĩnh", "Trung tâm Trợ giúp pháp lý Nhà nước Hà Tĩnh"),
      ("Phòng Kiểm tra văn bản quy phạm pháp luật", "Phòng Kiểm tra văn bản quy phạm pháp luật")]),
    ("Trung tâm Điều dưỡng người có công và Bảo trợ xã hội.",
     [("Trung tâm Điều dưỡng người có công và Bảo trợ xã hội", "Trung tâm Điều dưỡng người có công và Bảo trợ xã hội")]),
    # a province's office named by the province alone
    ("Triển khai Nền tảng hóa đơn điện tử quốc gia | Thuế Đồng Nai | Các sở, ban, ngành",
     [("Thuế Đồng Nai", "Thuế Đồng Nai"), ("Các sở, ban, ngành", "Các sở, ban, ngành cấp tỉnh")]),
    ("thuế Đồng Nai tăng", []),
    # an economic zone's board takes the zone's proper name
    ("Ban Quản lý Khu kinh tế Đông Nam chủ trì", [("Ban Quản lý Khu kinh tế Đông Nam", "Ban Quản lý Khu kinh tế Đông Nam")]),
    ("Ban Quản lý Khu kinh tế tỉnh Nghệ An chủ trì", [("Ban Quản lý Khu kinh tế tỉnh Nghệ An", "Ban Quản lý Khu kinh tế")]),
    # regional offices of national bodies
    ("Đề nghị Kiểm toán nhà nước khu vực II, Ngân hàng nhà nước khu vực 8 tăng cường công tác",
     [("Kiểm toán nhà nước khu vực II", "Kiểm toán Nhà nước khu vực II"), ("Ngân hàng nhà nước khu vực 8", "Ngân hàng Nhà nước khu vực 8")]),
    # a branch named after its parent body is one body
    ("Ngân hàng Nhà nước Việt nam Chi nhánh Khu vực II chủ trì",
     [("Ngân hàng Nhà nước Việt nam Chi nhánh Khu vực II", "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II")]),
    ("Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 9 phối hợp",
     [("Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 9", "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 9")]),
    ("Sở Tài chính, Chi nhánh Ngân hàng Phát triển",
     [("Sở Tài chính", "Sở Tài chính"), ("Chi nhánh Ngân hàng Phát triển", "Chi nhánh Ngân hàng Phát triển")]),
    # the genre's abbreviations of a unit's field, read in full
    ("Phòng CĐS chủ trì, phối hợp Trung tâm CNTT&TT, Chi cục TĐC, Phòng KH-TC",
     [("Phòng CĐS", "Phòng Chuyển đổi số"), ("Trung tâm CNTT&TT", "Trung tâm Công nghệ thông tin và Truyền thông"),
      ("Chi cục TĐC", "Chi cục Tiêu chuẩn Đo lường Chất lượng"), ("Phòng KH-TC", "Phòng Kế hoạch - Tài chính")]),
    # a commune's general service centre; a predicate after a unit's name is not part of it
    ("Giao Trung tâm Dịch vụ tổng hợp xã chủ trì", [("Trung tâm Dịch vụ tổng hợp xã", "Trung tâm Dịch vụ tổng hợp xã")]),
    ("Chủ trì, phối hợp với Chi cục Chăn nuôi và Thú y xây dựng kế hoạch thanh tra",
     [("Chi cục Chăn nuôi và Thú y", "Chi cục Chăn nuôi và Thú y")]),
    # a head and a short name of the lists after a shared head, in a task table's cell
    ("8 | Làm sạch dữ liệu hộ tịch | Sở TP | Sở NV, UBND các xã | Tháng 6/2026",
     [("Sở TP", "Sở Tư pháp"), ("Sở NV", "Sở Nội vụ"), ("UBND các xã", "UBND cấp xã")]),
    # the writing department's units; "cơ quan trực thuộc Sở" after "Các sở," is every department's
    ("Các đơn vị thuộc Sở báo cáo hằng tháng", [("Các đơn vị thuộc Sở", "Các đơn vị thuộc Sở")]),
    # a province's name is written in capitals ("Viện Hải dương học" is no body of Hải Dương); a long lower-case run
    # before the province ends the name; a head word inside a commune's name ("Xuân Đài") is the place's
    ("Viện Hải dương học chủ trì", [("Viện Hải dương học", "Viện Hải dương học")]),
    ("Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Đắk Lắk phối hợp",
     [("Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Đắk Lắk", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Đắk Lắk")]),
    ("UBND phường Xuân Đài, UBND phường Hải Châu, Đài Phát thanh tỉnh phối hợp",
     [("UBND phường Xuân Đài", "UBND phường Xuân Đài"), ("UBND phường Hải Châu", "UBND phường Hải Châu"),
      ("Đài Phát thanh tỉnh", "Đài Phát thanh tỉnh")]),
    ("Chỉ đạo các Trung tâm Y tế khu vực tổ chức khám", [("Trung tâm Y tế khu vực", "Trung tâm Y tế khu vực")]),
    # a board named by what it is for, then the place's own name; "các Ban quản lý ... khác" is none of them
    ("Ban Quản lý rừng phòng hộ Sìn Hồ, Ban Quản lý vịnh Hạ Long và các Ban quản lý rừng khác",
     [("Ban Quản lý rừng phòng hộ Sìn Hồ", "Ban Quản lý rừng phòng hộ Sìn Hồ"),
      ("Ban Quản lý vịnh Hạ Long", "Ban Quản lý vịnh Hạ Long")]),
    # an old name stays its own canonical
    ("Sở Kế hoạch và Đầu tư tham mưu bố trí vốn", [("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư")]),
    # without diacritics, in capitals
    ("so noi vu chu tri, phoi hop voi so tai chinh va ubnd cac huyen, thi xa, thanh pho",
     [("so noi vu", "Sở Nội vụ"), ("so tai chinh", "Sở Tài chính"), ("ubnd cac huyen, thi xa, thanh pho", "UBND cấp huyện")]),
    ("SỞ NỘI VỤ CHỦ TRÌ, PHỐI HỢP VỚI SỞ TÀI CHÍNH", [("SỞ NỘI VỤ", "Sở Nội vụ"), ("SỞ TÀI CHÍNH", "Sở Tài chính")]),
    ("Uỷ ban nhân dân các xã, phường, thị trấn", [("Uỷ ban nhân dân các xã, phường, thị trấn", "UBND cấp xã")]),
    # a head shared by a list after a colon
    ("Chánh Văn phòng UBND tỉnh; Giám đốc các sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư; Chủ tịch UBND các huyện chịu trách nhiệm thi hành",
     [("Chánh Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"), ("Nội vụ", "Sở Nội vụ"), ("Tài chính", "Sở Tài chính"),
      ("Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư"), ("Chủ tịch UBND các huyện", "UBND cấp huyện")]),
    ("- Sở: NN&MT, TC, VH,TT&DL, GD&ĐT;", [("NN&MT", "Sở Nông nghiệp và Môi trường"), ("TC", "Sở Tài chính"),
     ("VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"), ("GD&ĐT", "Sở Giáo dục và Đào tạo")]),
    ("kinh doanh mới thuộc phạm vi quản lý của Sở: Sàn giao dịch tín chỉ carbon; triển khai", []),
    # ... separated by semicolons, with bodies of their own heads among them
    ("7. Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; Nội vụ; Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh",
     [("Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"), ("Y tế", "Sở Y tế"), ("Nội vụ", "Sở Nội vụ"),
      ("Công an tỉnh", "Công an tỉnh"), ("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh")]),
    # not agencies: laws, decrees, signatures, document symbols, ordinary words
    ("Căn cứ Luật Phòng thủ dân sự ngày 20 tháng 6 năm 2023; Nghị định số 02/2025/NĐ-CP", []),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Đệ", []),
    ("Số: 159/KH-UBND\nCần Thơ, ngày 19 tháng 11 năm 2025", []),
    ("Báo cáo kết quả thực hiện; ban hành Quy chế phối hợp; trường hợp phòng chống dịch", []),
    # the commune police as a group, not the communes' committees
    ("Công an xã, phường", [("Công an xã, phường", "Công an các xã, phường")]),
    ("Chỉ đạo Công an các xã, phường, đặc khu phối hợp", [("Công an các xã, phường, đặc khu", "Công an các xã, phường")]),
    # "liên quan" closes a group whatever verb follows
    ("c) Chủ trì, phối hợp với Văn phòng UBND tỉnh và các cơ quan liên quan thiết lập quy trình điện tử",
     [("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"), ("các cơ quan liên quan", "Các cơ quan, đơn vị, địa phương")]),
    # a bare list followed by a role word names a body in a role, not the collective; with "các" it is the collective
    ("Sau khi họp, cơ quan, đơn vị chủ trì lập kế hoạch có trách nhiệm hoàn thiện kế hoạch", []),
    ("Các cơ quan, đơn vị chủ trì thực hiện", [("Các cơ quan, đơn vị", "Các cơ quan, đơn vị, địa phương")]),
    # "Ban quản lý" printed in lower case heads the name that follows it
    ("Sở Tài chính, Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên, UBND cấp xã có trách nhiệm phối hợp",
     [("Sở Tài chính", "Sở Tài chính"),
      ("Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên", "Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên"),
      ("UBND cấp xã", "UBND cấp xã")]),
    # a name ending a heading stops before the next line's item marker
    ("11. Đề nghị Chi cục Hải quan khu vực XIX\na) Tăng cường năng lực phòng, chống ma túy",
     [("Chi cục Hải quan khu vực XIX", "Chi cục Hải quan khu vực XIX")]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_sentences(text, expected):
    found = find_agencies(text)
    assert [(m.text, m.value) for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.text and m.kind == "agency"


@pytest.mark.parametrize("text,level_word,expected", [
    ("các sở, ban, ngành", "thành phố", "Các sở, ban, ngành thành phố"),
    ("Các Sở, ban, ngành Thành phố", "tỉnh", "Các sở, ban, ngành thành phố"),
    ("các Đoàn thể", "thành phố", "Các tổ chức chính trị - xã hội"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "thành phố", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"),
    ("UBMTTQ", "huyện", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"),
    ("Ủy ban MTTQ", None, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
])
def test_level_word_names_groups_of_the_document(text, level_word, expected):
    assert [m.value for m in find_agencies(text, level_word=level_word)] == [expected]


@pytest.mark.parametrize("name,expected", [
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("UBMTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Sở Nội vụ"),
    ("Giám đốc Sở Y tế", "Sở Y tế"),
    ("Thủ trưởng các sở, ngành", "Các sở, ban, ngành cấp tỉnh"),
    ("Chủ tịch UBND các huyện", "UBND cấp huyện"),
    ("  Sở   Văn hoá,  Thể thao và Du lịch ", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "UBND tỉnh Ninh Thuận"),
    ("Ủy ban nhân dân huyện Cẩm Mỹ", "UBND huyện Cẩm Mỹ"),
    ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Công an thành phố Hà Nội", "Công an thành phố"),
    ("Hợp tác xã Nông nghiệp Tân Phú", "Hợp tác xã Nông nghiệp Tân Phú"),
])
def test_canonical_agency(name, expected):
    assert canonical_agency(name) == expected


def test_a_tax_office_written_without_its_place_is_the_documents_province_s():
    assert [m.value for m in find_agencies("Thuế tỉnh phối hợp", "tỉnh", "Quảng Trị")] == ["Thuế tỉnh Quảng Trị"]
    assert [m.value for m in find_agencies("Thuế tỉnh phối hợp", "tỉnh")] == ["Thuế tỉnh"]


@pytest.mark.parametrize("text,level,province,expected", [
    # the branches of national networks are named with their province, written with it or not
    ("Bưu điện tỉnh Nghệ An chủ trì", "tỉnh", "Nghệ An", ["Bưu điện tỉnh Nghệ An"]),
    ("Bưu điện tỉnh phối hợp", "tỉnh", "Lào Cai", ["Bưu điện tỉnh Lào Cai"]),
    ("Đài KTTV tỉnh cung cấp bản tin dự báo", "tỉnh", "Tuyên Quang", ["Đài Khí tượng Thủy văn tỉnh Tuyên Quang"]),
    # the social policy bank's branch, however it is shortened
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh Phú Thọ", "tỉnh", "Phú Thọ", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"]),
    ("Chi nhánh Ngân hàng Chính sách xã hội thành phố Cần Thơ", "thành phố", "Cần Thơ",
     ["Ngân hàng Chính sách xã hội chi nhánh thành phố"]),
    ("NHCSXH tỉnh giải ngân vốn vay", "tỉnh", "Điện Biên", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"]),
])
def test_a_branch_of_a_national_network_is_named_as_the_branch(text, level, province, expected):
    assert [m.value for m in find_agencies(text, level, province)] == expected


def test_canonical_agency_uses_the_documents_level():
    assert canonical_agency("các sở, ban, ngành", level_word="thành phố") == "Các sở, ban, ngành thành phố"


@pytest.mark.parametrize("text,expected", [
    ("Sở KH&ĐT, Sở LĐTBXH và UBMTTQ tỉnh", "Sở Kế hoạch và Đầu tư, Sở Lao động - Thương binh và Xã hội và Ủy ban Mặt trận Tổ quốc tỉnh"),
    ("Văn bản số 261/UBND-VHXH của UBND tỉnh", "Văn bản số 261/UBND-VHXH của Ủy ban nhân dân tỉnh"),
    ("không có chữ viết tắt", "không có chữ viết tắt"),
])
def test_expand_abbreviations(text, expected):
    assert expand_abbreviations(text) == expected


@given(st.text(alphabet=st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĐđỦỦỳỹ ẸỆỞỜ\n,.-–&()|"), max_size=80))
def test_fold_keeps_length_and_has_no_marks(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == folded.lower()
    assert "đ" not in folded


@given(st.text(alphabet=st.sampled_from("Sở Nội vụ Công an tỉnh UBND các xã, phường ()-&\n"), max_size=120))
def test_spans_always_index_the_input(text):
    for m in find_agencies(text):
        assert text[m.start:m.end] == m.text and m.start < m.end


@pytest.mark.parametrize("path", sorted((CORPORA / "documents").glob("*.txt"))[:12], ids=lambda p: p.stem)
def test_corpus_documents_spans_are_exact(path):
    text = path.read_text(encoding="utf-8")
    found = find_agencies(text)
    assert found, "a plan names at least one agency"
    last = -1
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.start >= last, "mentions are in order and do not overlap"
        last = m.end


@pytest.mark.parametrize("name,canonical,successor", [
    ("Kiên Giang", "Kiên Giang", "An Giang"),
    ("kien giang", "Kiên Giang", "An Giang"),
    ("Hà Giang", "Hà Giang", "Tuyên Quang"),
    ("Bắc Giang", "Bắc Giang", "Bắc Ninh"),
    ("Sóc Trăng", "Sóc Trăng", "Cần Thơ"),
    ("Hậu Giang", "Hậu Giang", "Cần Thơ"),
    ("Ninh Thuận", "Ninh Thuận", "Khánh Hòa"),
    ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Bình Dương", "Bình Dương", "Hồ Chí Minh"),
    ("Bình Phước", "Bình Phước", "Đồng Nai"),
    ("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Huế", "Huế"),
    ("Hoà Bình", "Hòa Bình", "Phú Thọ"),
    ("Nghệ An", "Nghệ An", "Nghệ An"),
    ("tỉnh Quảng Nam", "Quảng Nam", "Đà Nẵng"),
])
def test_provinces(name, canonical, successor):
    assert canonical_province(name) == canonical
    assert province_successor(name) == successor


def test_find_province():
    assert find_province("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\n-------") == "Ninh Thuận"
    assert find_province("trên địa bàn thành phố Cần Thơ năm 2025") == "Cần Thơ"
    assert find_province("Vì hòa bình, hữu nghị và phát triển") is None  # a common noun, not the province
    assert [m.value for m in find_provinces("Báo Kiên Giang và Đài Phát thanh Kiên Giang")] == ["Kiên Giang", "Kiên Giang"]
    assert canonical_province("Paris") is None and province_successor("Paris") is None


def test_an_acronym_under_a_head_is_the_name_the_document_spells_out_under_it():
    from pipeline.extraction.agency_names import spelled_out

    names = {"Phòng Quản lý vận tải, phương tiện và người lái", "Phòng QLVT, PT&NL",
             "Phòng Quản lý kết cấu hạ tầng giao thông", "Phòng QL KCHTGT",
             "Ban Quản lý bảo trì đường bộ Nghệ An", "Ban QLBTĐB", "Trung tâm CNTT", "Sở Y tế"}
    assert spelled_out(names) == {"Phòng QLVT, PT&NL": "Phòng Quản lý vận tải, phương tiện và người lái",
                                  "Phòng QL KCHTGT": "Phòng Quản lý kết cấu hạ tầng giao thông",
                                  "Ban QLBTĐB": "Ban Quản lý bảo trì đường bộ Nghệ An"}  # its place left out
    # two names that fit: neither
    assert spelled_out({"Phòng QLVT", "Phòng Quản lý vận tải", "Phòng Quản lý văn thư"}) == {}


def test_a_commune_s_unit_written_bare_and_with_its_level_is_one_body():
    from pipeline.extraction.agency_names import with_level

    assert with_level({"Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội xã", "Phòng Kinh tế", "Sở Y tế"}) == {
        "Phòng Văn hóa - Xã hội": "Phòng Văn hóa - Xã hội xã"}


def test_a_short_name_the_text_defines_stands_for_the_body_after_it():
    text = ("1. Ban Quản lý Khu kinh tế tỉnh (sau đây gọi tắt là Ban Quản lý KKT) chủ trì. 2. Ban Quản lý KKT là cơ "
            "quan đầu mối. Trung tâm Kiểm soát bệnh tật tỉnh (sau đây gọi tắt là Trung tâm) có trách nhiệm. Trung tâm "
            "chủ trì; Trung tâm Y tế khu vực phối hợp.")
    got = [(m.text, m.value) for m in find_agencies(text, level_word="tỉnh")]
    assert ("Ban Quản lý KKT", "Ban Quản lý Khu kinh tế") in got
    assert ("Trung tâm", "Trung tâm Kiểm soát bệnh tật tỉnh") in got  # alone, the short name
    assert ("Trung tâm Y tế khu vực", "Trung tâm Y tế khu vực") in got  # not inside a longer name


@pytest.mark.parametrize("text,expected", [
    ("Văn phòng Điều phối nông thôn mới tỉnh chủ trì", ["Văn phòng Điều phối nông thôn mới tỉnh"]),  # "mới" inside a name
    ("Văn phòng Điều phối NTM tỉnh phối hợp", ["Văn phòng Điều phối nông thôn mới tỉnh"]),
])
def test_new_rural_development_is_part_of_a_name(text, expected):
    assert [m.value for m in find_agencies(text, "tỉnh")] == expected


def test_a_body_being_set_up_is_named_to_its_short_name_and_its_head_stands_for_it_after():
    text = ("Điều 1. Thành lập Tổ công tác liên ngành tháo gỡ khó khăn, vướng mắc cho các dự án đầu tư trọng điểm trên "
            "địa bàn tỉnh Quảng Ngãi (sau đây gọi tắt là Tổ công tác).\nĐiều 2. Nhiệm vụ của Tổ công tác\n"
            "a) Rà soát danh mục dự án.\n| Thành lập Hội đồng xét duyệt | UBND tỉnh | 05 ngày |\n")
    name = ("Tổ công tác liên ngành tháo gỡ khó khăn, vướng mắc cho các dự án đầu tư trọng điểm trên địa bàn tỉnh "
            "Quảng Ngãi")
    # a step of a procedure that sets a council up names no addressee
    assert [m.value for m in find_agencies(text, "tỉnh", "Quảng Ngãi")] == [name, name, name, "UBND tỉnh"]


@pytest.mark.parametrize("text,expected", [
    ("Báo Sài Gòn Giải Phóng, Báo Người Lao Động thường xuyên tuyên truyền", ["Báo Sài Gòn Giải Phóng", "Báo Người Lao Động"]),
    ("Công ty TNHH MTV Thoát nước Hải Phòng xây dựng lộ trình", ["Công ty TNHH MTV Thoát nước Hải Phòng"]),
    ("Tổng công ty Vận tải Hà Nội, Sở Xây dựng phối hợp", ["Tổng công ty Vận tải Hà Nội", "Sở Xây dựng"]),
])
def test_a_place_inside_a_name_ends_it_unless_capitalised_words_go_on(text, expected):
    assert [m.value for m in find_agencies(text)] == expected
