"""Who owes what: assignments, deadlines and quotas with their evidence.

The document is read line by line with its outline path (:mod:`pipeline.segmentation`):

- task tables (``task_tables``): the header row names the columns (chủ trì,
  phối hợp, thời gian...); each row gives lead and support agencies and a deadline;
- block headings ("a) Sở Nội vụ:", "e) Đề nghị Ủy ban MTTQ tỉnh:") make their
  agencies lead (or requested) for the whole block below them;
- clauses (split at ";" and sentence ends): the agencies that open a clause
  are its subject, and the words after them give the role (chủ trì -> lead,
  phối hợp -> support); "giao X", "đề nghị X" and "chủ trì, phối hợp với Y"
  give roles to the agencies after them;
- a decision publishing administrative procedures makes the bodies they belong to lead
  (``procedures``); a part on the situation ("II. THỰC TRẠNG") gives no duties and no targets.

Deadlines and quotas found in a clause or row are linked to its agencies; what is found
accumulates in ``duties.Acc``.
"""
from __future__ import annotations

import dataclasses

import regex

from ..models import Assignment, Deadline, Document, Mention, Quota
from ..segmentation import Line, clauses, item_marker, lines_with_paths, within
from . import agencies, agency_names, phrases
from .brackets import bracketed_roles
from .clause_roles import (block_anaphora, collective_between, directed_role, is_duty, members_in_brackets,
                           object_role, open_objects, purpose_owners)
from .fields import field_line
from .context import (attached_step, criteria_lines, issuer_names, long_past, preamble_lines, regulated_body,
                      situation_lines, skipped_spans)
from .deadlines import find_deadlines, is_not_deadline
from .duties import MIN_DUTY, Acc, cue, duty_text, role_rx
from .header import provincial_levels
from .procedures import competent_bodies
from .quotas import find_quotas, quotas_in
from .task_tables import PAGE_FURNITURE_CHARS, EndedTable, aligned, columns_of, continues, step_row, table_row


def _role_after(text: str) -> str | None:
    if role_rx("roles", "support_after").match(text):
        return "support"
    if role_rx("roles", "lead_strong").match(text) or role_rx("roles", "lead_after").match(text):
        return "lead"
    return None


def _role_after_qualifier(after: str) -> str | None:
    """The role after a qualifier of the subject: "... và các Sở, ngành quản lý quy hoạch theo chức
    năng, nhiệm vụ được giao có trách nhiệm phối hợp ...": the first predicate gives it."""
    scope = cue("scope_of_duties").match(after)
    if scope:  # "Hội Nông dân tỉnh theo chức năng, nhiệm vụ tuyên truyền ...": the predicate after the scope
        return _role_after(after[scope.end():])
    m = cue("qualified_role").search(after, 0, min(len(after), QUALIFIER_CHARS))
    if m is None or regex.search(r"[;.:]", after[:m.start()]) or not cue("qualifier").search(after[:m.start()]):
        return None
    return _role_after(after[m.start():])


QUALIFIER_CHARS = 120


def outside_authority(agency: str) -> bool:
    """Party organs, the Fatherland Front, mass organisations, central bodies."""
    return bool(role_rx("outside_authority").search(agency))


# ------------------------------------------------------------------ main ---

def find_obligations(doc: Document, header) -> tuple[list[Assignment], list[Deadline], list[Quota]]:
    text = doc.text
    year = int(header.issue_date[:4]) if header.issue_date else None
    provincial = provincial_levels()
    level_word = header.level if header.level in provincial else provincial[0]
    mentions = agencies.find_agencies(text, level_word=level_word, province=header.province,
                                      own_level=header.level if header.level in agency_names.LOCAL_LEVELS else None)
    issuer_ids = issuer_names(header, level_word)
    acc = Acc(doc)
    lines = lines_with_paths(doc)
    skip = skipped_spans(text)
    if header.kind_span:  # the issuer's lines above the kind heading ("UBND TỈNH HÀ TĨNH / SỞ Y TẾ") owe nothing
        skip.append((0, header.kind_span[0]))
    elif numbered := next((m for m in header.mentions if m.kind == "number"), None):  # a letter's: to its number's line
        line_end = text.find("\n", numbered.end)
        skip.append((0, line_end if line_end >= 0 else len(text)))
    blocks: list[tuple] = []  # (path prefix, agencies, role, heading says "chủ trì", partners who support each duty)
    fields = {"leads": [], "item": None}  # "Đơn vị chủ trì: X" lines of the current item
    issuer_is_ubnd = bool(header.issuer and header.issuer.startswith("UBND"))
    regulated, described = regulated_body(header, level_word), None  # "Quy định chức năng, nhiệm vụ, quyền hạn ... của Sở Tư pháp"
    columns, ended, last_row = None, None, None
    situation = situation_lines(lines)  # "II. THỰC TRẠNG ...": no duties there, and only firm targets
    criteria = criteria_lines(lines)
    quotas = find_quotas(doc, lines, skip, situation | preamble_lines(lines, header.kind), year)
    lines = [ln for ln in lines if ln.start not in situation]
    # the items whose line asks ("7. Đề nghị các sở, ngành liên quan phối hợp"): the blocks under them are requests
    asking = {ln.path: ln.start for ln in lines if ln.path and (m := item_marker().match(ln.text))
              and cue("request_word").match(ln.text, m.end())}
    mi = 0
    for ln in lines:
        skipped = any(a <= ln.start < b for a, b in skip)
        if skipped and not attached_step(ln):
            continue
        while mi < len(mentions) and mentions[mi].end <= ln.start:
            mi += 1
        line_mentions = [m for m in mentions[mi:mi + 400] if ln.start <= m.start and m.end <= ln.end]
        line_mentions = [m for m in line_mentions if m.value not in issuer_ids] or []
        if skipped:
            step_row(acc, doc, ln, line_mentions)  # a step of a procedure attached after the signature: its performer
            continue
        if ln.row is not None:
            cols = columns_of(doc, ln.row)
            if cols:
                columns, ended, last_row = cols, None, None
                continue
            if columns is None and ended and continues(doc, ended, ln):
                columns, ended = ended.columns, None  # the table goes on after a page break, headerless
            row_columns = aligned(doc, ln.row, columns) if columns else None
            if row_columns and len(ln.row.cells) > max(row_columns.values()):
                table_row(acc, doc, ln, row_columns, line_mentions, year)
                last_row = ln
                continue
            if not row_columns:
                step_row(acc, doc, ln, line_mentions)
        elif columns is not None and last_row is None and len(ln.text.strip()) <= PAGE_FURNITURE_CHARS:
            continue  # the header row's last cell, wrapped onto a line of its own ("Sản phẩm đầu ra")
        elif columns is not None:
            ended, columns = EndedTable(columns, last_row, []), None
        if ended is not None:
            ended.after.append(ln)
        # a block opened by an introduction (no path) holds the numbered items after it, not an appendix's
        blocks = [b for b in blocks if ln.path and (within(ln.path, b[0]) or not b[0] and cue("item_path").match(ln.path))]
        if regulated and ln.path and cue("position_heading").match(ln.text):
            described = ln.path  # "Điều 1. Vị trí và chức năng": what the body is, not what it owes
            continue
        if within(ln.path, described):
            continue
        if regulated and ln.path and cue("powers_heading").match(ln.text):
            blocks.append((ln.path, [regulated], "lead", False, ()))  # its articles' clauses are the body's duties
            continue
        competent_bodies(acc, doc, ln, line_mentions)
        if bracketed_roles(acc, text, ln, line_mentions, year) and not any(
                m.end <= ln.start + ln.text.rfind("(") for m in line_mentions):
            continue  # "Tổ chức hội nghị tập huấn (Sở Nội vụ chủ trì, các sở, ngành phối hợp)": no subject before it
        if field_line(acc, doc, ln, line_mentions, blocks, fields, year):
            continue
        bullet = cue("bullet").match(ln.text)
        if item_marker().match(ln.text):
            fields = {"leads": [], "item": ln, "support_list": fields.get("support_list") if bullet else None,
                      "last_deadlines": fields.get("last_deadlines")}
        elif not bullet:
            fields["support_list"] = None
        fields["issuer_is_ubnd"] = issuer_is_ubnd
        fields["criteria"] = criteria
        fields["asking"] = asking
        _prose_line(acc, doc, ln, line_mentions, blocks, fields, year)
    # "Phòng QLVT, PT&NL" in a task table is the "Phòng Quản lý vận tải, phương tiện và người lái" of the text
    named = {key[0] for key in (*acc.assignments, *acc.deadlines, *((q.agency,) for q in quotas)) if key[0]}
    full = (agency_names.spelled_out(named) | agency_names.with_level(named) | agency_names.with_place(named, header.province)
            | agency_names.commune_units(named, header.level))
    acc.rename(full)
    quotas = [dataclasses.replace(q, agency=full[q.agency]) if q.agency in full else q for q in quotas]
    return acc.result(), [d for d in acc.deadlines.values() if not long_past(d.due, header.issue_date)], quotas


def _prose_line(acc: Acc, doc: Document, ln: Line, mentions: list[Mention], blocks: list, fields: dict, year):
    text = doc.text
    spans = purpose_owners(text, clauses(ln), mentions)
    step = bool(cue("procedure_step").match(ln.text))  # "Bước 2: ...": a step of an administrative procedure
    closing = role_rx("whole_document").search(ln.text)
    if closing and len(ln.text) - closing.end() <= 5 and not find_deadlines(ln.text, year) \
            and not cue("oversight").search(ln.text) \
            and not regex.search(r"(?<!^\s*(?:Điều\s+)?[\dIVXa-zđ.]{1,8})[.!?]\s+\p{Lu}", ln.text[:closing.start()]):
        return  # "... chịu trách nhiệm thi hành Quyết định này./.": an order to carry out the whole document (a
        # duty before it in the same line, as in flattened text, is read clause by clause)
    # a block heading: "a) Sở Nội vụ:" / "e) Đề nghị Ủy ban MTTQ tỉnh:"
    subject, pos = phrases.clause_subject(text, ln.start, ln.end, mentions, heading=bool(ln.path),
                                          addressee=ln.start not in fields["criteria"])
    heading_names: list[str] = []
    heading_end = ln.start
    members = members_in_brackets(text, pos, ln.end, mentions, subject) if subject and ln.path else None
    if members:  # "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý Khu kinh tế ...):": the bodies it names
        subject, pos = members
    tail = cue("heading_tail").match(text, pos, ln.end) if subject and ln.path else None
    if tail:  # "11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm" then its items
        pos = tail.start("end")
        before = text[ln.start:subject[0].start]
        role = "requested" if cue("request_word").search(before) else "lead"
        if any(at != ln.start and within(ln.path, p) for p, at in fields["asking"].items()):
            role = "requested"  # "7. Đề nghị các sở, ngành liên quan phối hợp" then "a) Sở Tài chính" or "- Sở Tài chính:"
        heading_names = [m.value for m in subject]
        heading_end = pos
        blocks.append((ln.path, heading_names, role, bool(cue("lead_word").search(ln.text)), ()))
        first_end = next((b for a, b in spans if b > pos), ln.end)
        rest = text[tail.end() if "(" in tail.group() else pos:first_end].lstrip(" :-")  # "(cơ quan thường trực):" is no duty
        for name in heading_names:
            acc.assign(name, role, rest, ln.path, ln.start, first_end, heading=not duty_text(rest))
        if regex.match(r"\s*$", text[pos:ln.end]):
            return
    block_agencies = list(blocks[-1][1]) if blocks else []  # the innermost block's: "1. Các phòng thuộc Sở: a) Phòng X"
    carried = list(fields["leads"])  # the owners of earlier clauses of the same item
    line_owners: list[tuple[str, str]] = []  # (agency, role) given a duty by an earlier clause of this line
    partners: list[tuple[str, str]] = []  # the subject of an earlier clause that only supports
    closing_owners: list[tuple[str, str]] = []  # addressees of an order to carry out the whole document
    pending: list[Mention] = []  # "X, Y; Z cần tập trung ...": a subject list that a semicolon cut short
    listing = None  # "đề nghị ... có liên quan: A (...); B; C ...": the role of the addressees listed after a colon
    waiting: list[tuple[str, str]] = []  # "Giao X; Y thực hiện ...": names given a role whose duty a later clause says
    line_given: list[tuple[str, str]] = []  # every (agency, role) this line gives a duty
    for a, b in spans:
        clause = text[a:b]
        # "... yêu cầu X, Y nghiêm túc triển khai thực hiện; định kỳ trước ngày 30/11 hằng năm báo cáo ...":
        # the order assigns nothing, but its addressees owe the specific duty that follows
        closing_clause = (bool(role_rx("whole_document").search(clause)) and not find_deadlines(clause, year)
                          and not cue("oversight").search(clause))
        cms = [m for m in mentions if a <= m.start < b]
        subject, pos = phrases.clause_subject(text, a, b, cms)
        subject = block_anaphora(subject, blocks)
        owners: list[str] = []
        given: list[tuple[str, str]] = []
        directed_given: list[tuple[str, str]] = []  # bodies the clause's own owner directs ("Chỉ đạo X thực hiện ...")
        cued = False  # the subject follows "giao": "Giao X; Y thực hiện ..." lists on
        continues_list = False  # the clause opens with the next names of a list that reaches past a semicolon
        colon = clause.rfind(":")
        listed = [m for m in cms if m.start > a + colon] if colon >= 0 else []
        if listed and cue("request_list").search(clause[:colon + 1]):
            # the addressees after the colon, in this clause and the next ones
            given.extend((m.value, "requested") for m in listed)
            owners.extend(m.value for m in listed)
            listing, subject = "requested", []
        elif listing and subject and not text[a:subject[0].start].strip():
            given.extend((m.value, listing) for m in subject)
            continues_list = True
            owners.extend(m.value for m in subject)
            subject = []
        elif cms:
            listing = None  # a clause naming no body ("Tòa án quân sự các cấp") keeps the list going
        if subject:
            before = text[a:subject[0].start]
            after = text[pos:b]
            if role_rx("roles", "requested").search(before):
                role = "requested"
            elif role_rx("roles", "lead_before").search(before):
                role, cued = "lead", True
            elif cue("requester").match(after) or cue("cited_issuance").match(after):
                role = None  # "Văn phòng Ban Chỉ huy ... đề nghị X, Y ...": it asks, X and Y owe; "Chính phủ ban hành
                # Nghị định số ...": the author of a cited document
            else:
                role = _role_after_qualifier(after) or _role_after(after)
                if role and step and cue("receipt_only").match(after):
                    role = None  # "Bước 1: Chuyên viên trực tại Trung tâm ... hướng dẫn, tiếp nhận hồ sơ": it decides nothing
            if (role == "lead" and fields.get("issuer_is_ubnd") and all(outside_authority(m.value) for m in subject)
                    and not step):  # a ministry's step of a procedure is its own
                role = "requested"
            if (role == "lead" and blocks and blocks[-1][2] == "requested" and not cue("own_lead").match(after)
                    and not fields.get("issuer_is_ubnd")):
                role = "requested"  # an item of a board's or an office's "đề nghị X, Y triển khai các nội dung sau:":
                # its subject is asked too (the committee's own departments owe what it asks)
            if role == "lead" and fields.get("support_list") and not cue("lead_word").search(after):
                role = "support"  # "b) Chủ trì, phối hợp:" then "- Sở Tài chính ... tham mưu ...": the partners
            if not role and not after.strip(" ;,"):
                pending += subject
                continue
            if role and pending:
                subject, pending = pending + subject, []
            if role:
                in_own_block = role == "support" and all(m.value in block_agencies for m in subject)
                for m in subject:
                    if a == ln.start and heading_names and m.start < heading_end:
                        continue  # the heading line's own first clause: assigned above
                    # in its own block, "X phối hợp kiểm tra ..." is one of X's duties there, with the block's role
                    given.append((m.value, blocks[-1][2] if in_own_block else role))
                    if role != "support" or in_own_block:
                        owners.append(m.value)
                if role == "support" and not in_own_block and not fields.get("support_list"):
                    partners = [(m.value, "lead") for m in subject]  # "X phối hợp ...; quan tâm, chỉ đạo ...": X's own duty
        # "X chủ trì, phối hợp với Y": Y supports; "X phối hợp với Y" gives Y nothing
        lead_clause = bool(cue("lead_word").search(clause)) or any(b[3] for b in blocks)
        # objects: "giao X", "đề nghị X, Y và Z", "chủ trì, phối hợp với Y": a cue and the list after it
        chained, chain_end = None, None
        objects_lead = target_given = False
        # the duty follows the last name given a role (the subject, a list after a colon, the objects below)
        given_end = max([pos if subject else a] + [m.end for m in cms if any(m.value == g[0] for g in given)])
        for m in cms:
            if any(s.start <= m.start < s.end for s in subject):
                continue  # the subject, or a name inside it that ran on ("các doanh nghiệp" + " viễn thông")
            role = object_role(text[max(a, m.start - 40):m.start], lead_clause)
            directed = False
            if (role is None and cue("directs").search(text, max(a, m.start - 20), m.start)
                    and not cue("closed_group").match(m.value)):  # "chỉ đạo các đơn vị trực thuộc": its own units
                role = directed_role(text, m, cms, b)  # "Chỉ đạo Chi cục Thủy sản phối hợp ...": its own verb
                directed = True
            if role == "lead" and cue("target_given").search(text, max(a, m.start - 60), m.start):
                target_given = True  # "Giao chỉ tiêu tuyển quân năm 2026 cho UBND các xã ...": the clause is the duty
            if role is None and chained and (cue("separators").match(text[chain_end:m.start])
                                             or cue("member_qualifier").match(text[chain_end:m.start])):
                role = chained
            elif role is None and chained:
                # "phối hợp với Sở KH&CN, đơn vị cung cấp dịch vụ công nghệ thông tin và các cơ quan liên quan": a
                # collective no list holds, inside the list
                between = collective_between(text, chain_end, m.start)
                if between:
                    given.append((between.value, chained))
                    if chained != "support":
                        owners.append(between.value)
                    role = chained
            chained, chain_end = role, m.end
            if role:
                given.append((m.value, role))
                given_end = max(given_end, m.end)
                if role != "support":
                    owners.append(m.value)
                    objects_lead = objects_lead or not directed
                if directed:
                    directed_given.append((m.value, role))
        duty_from = given_end
        if chained:  # "... yêu cầu X, Y và các trường đại học triển khai ...": a collective no list holds ends the list
            sep = regex.match(r"(?:\s*(?:,|và)\s*)+", text[chain_end:b])
            found = phrases.open_subject(text, chain_end + sep.end(), b) if sep else None
            if found:
                given.append((found.value, chained))
                if chained != "support":
                    owners.append(found.value)
                duty_from = max(duty_from, found.end)
        for found, role in open_objects(text, a, b, cms, subject, lead_clause):
            given.append((found.value, role))
            if role != "support":
                owners.append(found.value)
                objects_lead = True
            duty_from = max(duty_from, found.end)
        duty = text[a:b] if target_given else text[duty_from:b]
        if waiting and continues_list and len(duty_text(duty)) >= MIN_DUTY and is_duty(duty, ln, duty_from, b):
            given.extend(g for g in waiting if g not in given)  # the names listed before owe the duty that ends the list
            waiting = []
        line_given += [g for g in given if g[1] != "support"]
        goes_on = continues_list and bool(waiting)  # "Giao X; Y; Z chủ trì ...": Y, a middle name of the list
        if given and not duty.strip(" ,;:.") and b < ln.end and (chained or cued or goes_on
                                                                 or all(r == "requested" for _, r in given)):
            # "đề nghị X; Y triển khai ...", "chủ trì, phối hợp X; Y và Z có trách nhiệm: ...", "Giao X; Y thực hiện ...":
            # the list reaches past the semicolon
            listing = "requested" if all(r == "requested" for _, r in given) else chained or listing or "lead"
            if cued or goes_on:
                waiting += [g for g in given if g not in waiting]
                continue  # its duty is said by the clause that ends the list
        if closing_clause:
            closing_owners = [g for g in given if g[1] != "support"]
            carried = owners or carried
            continue
        for name, role in given:
            acc.assign(name, role, duty, ln.path, a, b)
        if not subject and not objects_lead and not continues_list and not (a == ln.start and heading_names):
            # a clause with no subject of its own: a further duty of this line's owners, else of its block
            inherited = line_owners or partners or ([(n, blocks[-1][2]) for n in blocks[-1][1]]
                                                    + [(n, "support") for n in blocks[-1][4]] if blocks else [])
            if line_owners and role_rx("roles", "support_after").match(clause):
                inherited = [(n, "support") for n, _ in line_owners]  # "X chỉ đạo ...; phối hợp với Y ...": X supports
            if closing_owners and not line_owners:
                inherited = closing_owners if find_deadlines(clause, year) else []
            if is_duty(clause, ln, a, b):
                for name, role in inherited:
                    acc.assign(name, role, clause, ln.path, a, b)
        line_owners = [g for g in given if g[1] != "support" and g not in directed_given] or line_owners
        asks = bool(line_given) and all(r == "requested" for _, r in line_given)
        heads_block = owners and ln.text.rstrip().endswith(":") and b == ln.end and (
            ln.path or asks or objects_lead and cue("items_follow").search(ln.text))
        if heads_block:  # "3. Giao Phòng Nội vụ huyện chủ trì thực hiện các nhiệm vụ:" opens a block; so does a
            # letter's "... đề nghị X; Y triển khai các nội dung sau:" or "... yêu cầu X, Y thực hiện các nhiệm vụ như
            # sau:" for the numbered items after it
            heads = list(dict.fromkeys(n for n, _ in line_given)) if asks else list(owners)
            for name, role in given:
                acc.as_heading(name, role, a, b)
            partners_of = tuple(dict.fromkeys(n for n, r in given if r == "support")) if not asks else ()
            blocks.append((ln.path, heads, "requested" if asks else "lead", bool(cue("lead_word").search(ln.text)),
                           partners_of))  # "1. X chủ trì, phối hợp Y và Z:": Y and Z support each duty listed
        elif (ln.path and subject and not owners and b == ln.end and given and all(r == "support" for _, r in given)
              and regex.fullmatch(r"\s*phối\s+hợp\s*:\s*", text[pos:b], regex.IGNORECASE)):
            # "2. Sở Tài chính phối hợp:" then its items: it supports each of them
            for name, role in given:
                acc.as_heading(name, role, a, b)
            blocks.append((ln.path, [n for n, _ in given], "support", False, ()))
        if is_not_deadline(clause) and not cue("deadline_despite").search(clause):
            carried = owners or carried
            continue
        carried = owners or carried
        found = find_deadlines(clause, year)
        if not found and carried and cue("same_deadlines").search(clause):
            found = fields.get("last_deadlines") or []  # "... báo cáo kết quả theo cùng thời hạn nêu trên"
        elif found:
            fields["last_deadlines"] = found
        if found and quotas_in(text, a, b) and not cue("periodic").search(clause):
            # "hằng năm, mỗi huyện có ít nhất ...", "đến hết năm 2030, có ít nhất 50% ...": the quota's period; "Đến
            # ngày 30/9/2025: giải ngân đạt trên 60%": the day a level is to be reached ("tổ chức ít nhất 02 lớp trong
            # Quý I/2026" is a duty's time)
            found = [f for f in found if f.recurrence is None and f.precision in ("day", "month", "quarter")
                     and not cue("horizon").match(clause, f.start)]
        for f in found:  # "X phối hợp ...; báo cáo định kỳ 6 tháng (trước ngày 10/6) ...": X's own report
            for name in carried or [n for n, _ in partners] or block_agencies or [None]:
                acc.deadline(name, f, a, b)
    fields["leads"] = carried
    if cue("support_intro").search(ln.text) and (cue("lead_word").search(ln.text) or any(b[3] or b[2] == "lead" for b in blocks)):
        fields["support_list"] = ln.path
