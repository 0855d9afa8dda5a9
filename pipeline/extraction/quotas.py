"""Quotas: numeric targets ("mỗi huyện có ít nhất 05 điển hình", "đạt 90%").

A number becomes a quota when its clause has a target word (ít nhất, tối
thiểu, phấn đấu, đạt...) or it is a percentage of a named bearer; money,
dates, counts of documents and section numbers are not quotas
(``models/quotas.yaml``).
"""
from __future__ import annotations

import dataclasses
import functools
import re

import regex

from .. import patterns
from ..layout import PAGE_NUMBER
from ..models import Evidence, Quota
from ..segmentation import clauses, item_marker, within
from .deadlines import find_deadlines

WORDS_MAX = 18


@functools.cache
def _data() -> dict:
    return patterns.load("quotas.yaml")


def _rx(key: str) -> regex.Pattern:
    """The regex at ``key`` ("cues/scope_anchor") of ``models/quotas.yaml``, matched case-insensitively."""
    return patterns.regex("quotas.yaml", key.replace("/", "."), regex.IGNORECASE, engine=regex)


def _number(s: str) -> float | int:
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")
    s = s.replace(",", ".")
    v = float(s)
    return int(v) if v.is_integer() else v


def _scaled(value: float | int, after: str) -> float | int:
    """The value a number says with the word of scale after it ("3,2 triệu lượt" is 3.200.000, "45 nghìn lượt" 45.000),
    also where a table's unit column gives that word ("triệu lượt")."""
    m = _rx("cues/scale_after").match(after)
    if not m:
        return value
    scaled = round(value * (1_000_000 if m["scale"].lower().startswith("tri") else 1_000), 6)
    return int(scaled) if float(scaled).is_integer() else scaled


def _clip(text: str) -> str:
    words = text.strip(" “”\"").split()  # “xã, phường không ma túy”: the quoted status, without its quotes
    clipped = " ".join(words[:WORDS_MAX]).strip(" ,;:.-–“”\"")
    lead = _rx("cues/part_of").match(clipped)  # "Trong đó: thạc sĩ": a part, named after its lead
    clipped = clipped[lead.end():] if lead else clipped
    if not regex.search(r"\p{L}", clipped):
        return ""  # "%" left of "31% năm 2028 và 40% ...": names nothing
    marker = item_marker().match(clipped)
    close = clipped.find(")", marker.end() if marker else 0)
    if close >= 0 and "(" not in clipped[:close]:  # "04 khách sạn)", "120 nhà), ưu tiên ...": a bracket the number was in
        clipped = clipped[:close].rstrip(" ,;")
    return clipped


def _scope_after(text: str, counted: bool = False) -> str:
    """What the words after a number name; ``counted``: the number counts them, and the words that say which of
    them count go with them ("25 khách sạn được công nhận hạng 3 - 4 sao")."""
    if text[:1] in (";", ",", ".", ")"):
        return ""  # "... tăng trên 3%; số vụ ...": the next clause is not what the number measures
    if text[:1].isalpha():
        text = " " + text  # the ends are written after a word: "trong năm 2026" ends at once
    end = _rx("scope_end").search(text)
    while (counted and end and text[end.start() - 1:end.start()] not in ",)"
           and _rx("counted_relative").match(text, end.start())):  # not after a comma or a bracket: "40 xã, phường có
        # tỷ số giới tính khi sinh cao (trên 115) được ưu tiên"
        end = _rx("scope_end").search(text, end.end())
    if end and _rx("relative_end").match(text, end.start()):  # "xã, phường có người nghiện ma túy bố trí ..."
        main = _rx("main_predicate").search(text, end.end())
        if main or not _rx("cues/measure_anchor").match(text.lstrip()):
            end = main or end
        else:  # "10% số trường mầm non công lập có tổ chức nhóm trẻ dưới 24 tháng tuổi": a count of those that have
            end = None
    elif end and _rx("passive_relative").match(text, end.start()):
        # "mẫu thực phẩm được kiểm nghiệm nhanh tại các chợ đạt yêu cầu": the bearer, to its own predicate
        end = _rx("passive_main").search(text, end.end()) or end
    scope = text[: end.start()] if end else text
    return _clip(regex.sub(r"\s+(?:và|hoặc)\s*$", "", _drop_comment(scope)))  # "15 không gian và đến năm 2030 ..."


def _drop_comment(scope: str) -> str:
    """The scope without the comment in brackets after its bearer ("hợp tác xã (*có đủ năng lực về tài chính, ...)"),
    or a figure restating it ("62/103 xã (khoảng 60%)")."""
    bracket = regex.search(r"\s*\((?:[^()]*\s){3}[^()]*\)?|\s*\([^()]*\d[^()]*\)", scope)  # or a figure: "xã (khoảng 60%)"
    scope = (scope[: bracket.start()] + scope[bracket.end():]) if bracket else scope
    # a bracket the scope's end cut open ("... cáp quang (hiện nay"), unless it says whom the bearer includes
    return regex.sub(r"\s*\((?!\s*(?:bao\s+gồm|gồm|kể\s+cả)\b)[^()]*$", "", scope)


def _scope_before(prefix: str) -> str:
    """The bearer before the number: from the last 'mỗi/toàn/tỷ lệ...' or the clause start."""
    marker = item_marker().match(prefix)
    if marker:
        prefix = prefix[marker.end():]
    parts = list(_rx("cues/part_of").finditer(prefix))  # "45.000 người/năm, trong đó trình độ cao đẳng chiếm 25%"
    if parts:
        prefix = prefix[parts[-1].end():]
    listed = list(_rx("cues/listed_part").finditer(prefix))  # "mầm non 85%, tiểu học 92%": each its own label;
    # "đạt 65% vào năm 2026, trên 75% vào năm 2028": a later stage names no bearer,
    if listed:  # under the heading of the list ("Tỷ lệ giáo viên đạt chuẩn: mầm non 100%, tiểu học 97%")
        if not _rx("cues/lead_in").sub("", prefix[listed[-1].end():]).strip():
            return ""  # a bare later stage: it takes the scope of the stage before it
        head = prefix[: listed[-1].start()]
        prefix = (head.split(":")[0] + ": " if ":" in head else "") + prefix[listed[-1].end():]
    prefix = _rx("cues/lead_in").sub("", prefix)
    if _rx("cues/bare_verb").match(prefix):
        return ""
    named, colon, stages = prefix.rpartition(":")
    *said, stage = regex.split(r"[,;]", stages)
    if (colon and _rx("cues/bare_stage").fullmatch(stage.strip())
            and (_rx("cues/measure_anchor").match(named.strip()) or _rx("cues/quantity_head").match(named))
            and all(_rx("cues/stage_said").fullmatch(s.strip()) for s in said)):
        # "Số sản phẩm OCOP đạt từ 3 sao trở lên: năm 2026 đạt 650 sản phẩm, năm 2027 đạt": all of the name
        return _clip(_drop_comment(named))
    starts = [m.start() for m in _rx("cues/scope_anchor").finditer(prefix)]
    measured = [at for at in starts if _rx("cues/measure_anchor").match(prefix, at)]
    if measured:  # "tỷ lệ hộ nghèo toàn tỉnh": the place inside what is measured opens no scope of its own; "tốc độ
        # tăng trưởng tổng sản phẩm": one measure named by two, from the first that no predicate separates from the end
        starts = [next((at for at in measured if not _rx("cues/measure_end").search(prefix, at)), measured[-1])]
    changed = _rx("cues/changed").search(prefix)
    if not starts and changed:  # "kéo giảm tai nạn giao thông từ 5-10%": what falls
        return _clip(changed["object"])
    acted_on = None if starts or changed else _object_of_verbs(prefix)
    if acted_on:
        prefix = acted_on
    elif not starts:  # the noun phrase after a leading adverbial ("Tùy điều kiện cụ thể, các cơ quan...")
        starts = [m.start() for m in _rx("cues/noun_phrase").finditer(prefix)][:1]
    if starts:
        prefix = prefix[starts[-1]:]
    if _rx("cues/measure_anchor").match(prefix):  # "tỷ lệ hộ dân được dùng nước sạch": to the target word
        end = _rx("cues/measure_end").search(prefix)
    else:
        end = _rx("scope_end").search(prefix)
    if end:
        prefix = prefix[: end.start()]
    if ":" in prefix:  # "Cơ quan Trung ương trên địa bàn thành phố: Xét tối đa 2 tập thể": the heading names the bearer;
        # "Cơ cấu kinh tế: khu vực công nghiệp - xây dựng chiếm 27,8%": a part of it, named after the colon
        head, _, part = prefix.partition(":")
        part = _rx("cues/lead_in").sub("", part.strip())
        if (part and (part[:1].islower() or part.split()[0].isupper()) and not _rx("cues/bare_verb").match(part)
                and not _rx("scope_end").match(" " + part)):  # "...: mầm non", "...: THCS"
            words = part.split()
            head = " ".join(head.split()[: max(WORDS_MAX - len(words), 4)])
            return _clip(f"{_drop_comment(head)} {part}")
        prefix = head
    prefix = regex.sub(r"^\s*(?:có\s+)?\d+(?:[.,]\d+)?\s*%\s*", "", prefix)  # "100% các khu ... có tối thiểu 1 trạm"
    threshold = _rx("cues/threshold").search(prefix)  # "(AQI ≤ 100)": what the measure counts, defined
    return _clip(prefix[: threshold.start()] + prefix[threshold.end():] if threshold else prefix)


def _object_of_verbs(prefix: str) -> str | None:
    """What the duty verbs before a number act on: in the last part of the words before it after a comma ("..., kiểm
    soát nợ quá hạn " -> "nợ quá hạn "), else from their start ("Tham mưu bố trí nguồn vốn ..." -> "nguồn vốn ...")."""
    for part in (prefix.rsplit(", ", 1)[-1], prefix):
        verbs = _rx("cues/duty_verbs").match(part)
        if verbs and part[verbs.end():].strip(" ,"):
            return part[verbs.end():]
    return None


def quotas_in(text: str, start: int, end: int, page_of=lambda o: None, targets: bool = False,
              head: str | None = None, stage: Quota | None = None) -> list[Quota]:
    """The quotas of the clause text[start:end]; ``targets``: the clause stands in a section of
    targets ("Mục tiêu cụ thể", "Chỉ tiêu"), where a number needs no target word of its own; ``head``: the
    measure that an earlier clause of the line names before its colon ("Tỷ lệ trường đạt chuẩn quốc gia: năm 2026,
    mầm non 45%, ...; năm 2030, mầm non 60%, tiểu học 70%"), which this clause's stages and parts are of; ``stage``:
    the last count of an earlier clause of the line, whose later stages this clause may give with no target word ("đạt
    22.000 doanh nghiệp năm 2026; 25.000 doanh nghiệp năm 2027"): they take its comparator and scope."""
    clause = text[start:end]
    if head and not _rx("cues/measure_anchor").search(clause):
        targets = True  # "...: ít nhất 5 dự án năm 2026; 12 dự án năm 2028": each stage a target
    else:
        head = None
    if not (targets or _rx("target_words").search(clause)) or _rx("not_scoring").search(clause):
        return []
    line_start = text.rfind("\n", 0, start) + 1  # a definition earlier in the line holds its later clauses too
    if _rx("definition").search(text, line_start, end) or not targets and _rx("criterion").match(clause):
        return []  # "Xã miền núi là xã đáp ứng ít nhất 01 ...", "+ Có dưới 80% đường xã ...": what qualifies, not what is owed
    reported = _reported_spans(clause, brackets_only=bool(_rx("firm_target").search(clause)))
    # "ước đạt 8% so cùng kỳ": what was achieved or is projected, not what is owed
    period = next((f.recurrence for f in find_deadlines(clause) if f.recurrence), None)
    out: list[Quota] = []
    prev_end = None
    for m in _rx("value").finditer(clause):
        if (any(a <= m.start() < b for a, b in reported) or _rx("eligibility").search(clause[: m.start()])
                or _rx("condition_before").search(clause[: m.start()]) and not _rx("firm_target").search(clause)
                or _rx("named_title").search(clause[: m.start()])):
            continue  # a report's figure, the threshold of who qualifies ("thương binh có tỷ lệ ... từ 81%"), a title
        before, after = clause[max(0, m.start() - 30):m.start()], clause[m.end():]
        marker = item_marker().match(clause)
        if marker and marker.end() == m.start() and not marker.group().strip()[:1].isdigit():
            before = ""  # "- 100% các xã ...": the bullet is no minus sign
        coordinated = out and prev_end is not None and _rx("coordinated").match(clause[prev_end:m.start()])
        prev_end = None
        pct = bool(m["pct"] or m["pct2"])
        fraction = _rx("fraction").match(after)  # "có ít nhất 62/103 xã": 62 of the 103 communes
        if fraction and int(fraction["whole"]) >= _number(m["value"]):
            after = after[fraction.end("whole"):]
        else:
            fraction = None
        per = _rx("cues/per_population").match(after)  # "dưới 120/100.000 dân": a rate per so many people
        if _rx("population_base").search(before) and _rx("population_after").match(after) and not pct:
            continue  # "Số bác sĩ trên 10.000 dân đạt 14,5": the people the rate is per
        if _rx("not_quota_before").search(before) or not per and _rx(
                "not_quota_after_percent" if pct else "not_quota_after").match(after):
            continue
        if pct and _rx("plan_share_after").match(after) and not _rx("floor_before").search(before):
            continue  # "đạt 100% kế hoạch": a plan's execution, unless a floor is set on it
        completion = (not pct and "|" not in clause and _rx("cues/counted_after").match(after)  # "Hoàn thành 04 dự án
                      and _rx("cues/completion_count").search(clause[: m.start()]))  # ...", not "4G/5G", "đợt 1 trong"; a
        # task table's row says what is to be done, its product column what is owed
        if _rx("measure_after").match(after) and not (completion or _rx("strong_target").search(clause[: m.start()])):
            continue
        if not fraction and not per and (re.match(r"\s*[/.]\d", after)
                                         or re.search(r"[/\d]$", before.rstrip()) and not before.endswith(" ")):
            continue
        if pct and _rx("restated").search(clause[: m.start()]):
            continue  # "62/103 xã (khoảng 60%)": the count again, as a share
        high = m["max"]
        comparator = "="
        if coordinated:  # "tối đa 15 tập thể và 30 cá nhân": the second takes the first's comparator
            comparator, pct = out[-1].comparator, out[-1].percent or pct
        elif high:
            if not (_rx("cues/range_from").search(before) or _rx("strong_target").search(clause[: m.start()])
                    or pct and (targets or _rx("target_words").search(before))):
                continue
            comparator = "range"
        elif _rx("comparators/>=").search(before) or _rx("comparators/>=_after").match(after):
            comparator = ">="
        elif _rx("comparators/<=").search(before):
            comparator = "<="
        if _rx("cues/threshold_open").search(before):
            continue  # "(AQI ≤ 100)": a threshold that defines what is measured, not a target
        if (not pct and _rx("cues/defining_count").search(clause[: m.start()])
                and regex.search(r"\bđạt\s+(?:\S+\s+){0,3}\d[\d.,]*\s*%", clause[m.end():])):
            continue  # "Tỷ lệ ... được tầm soát ít nhất 4 loại bệnh ... đạt 70%": what the rate counts, not a target
        later = False
        action = not pct and (targets and _rx("cues/action_count").search(before) or completion)
        part = False
        labelled = targets and _rx("cues/label_count").search(before)  # "Đào tạo nghề cho lao động nông thôn: 18.000 người"
        if (comparator == "=" and not pct and not head and not action and not labelled
                and not _rx("cues/equal_target").search(before)):
            later = not coordinated and _later_stage(after, stage)
            parent = out[-1] if out else stage  # "1.260 hộ ..., trong đó: khu vực ven biển 170 hộ": a part of that count;
            # "trong đó: cao đẳng 4.200 người; trung cấp 7.800 người": the parts go on in the line's next clauses
            leads = list(_rx("cues/part_of").finditer(text, line_start, start + m.start()))  # the line's "trong đó"s
            part = (not later and targets and parent is not None and bool(parent.unit) and not parent.percent
                    and bool(leads) and (leads[-1].start() >= start  # "; năm 2027: 800 nhà": a stage
                                         or not _rx("cues/stage_named").search(clause, 0, m.start()))
                    and regex.findall(r"\p{L}+", after)[:1] == regex.findall(r"\p{L}+", parent.unit)[:1])
            if not (later or part):
                continue
            if later:
                comparator = stage.comparator  # "tối thiểu 100 cơ sở năm 2026; 250 cơ sở năm 2028"
        value = _scaled(_number(m["value"]), after)  # "3,2 triệu lượt khách": 3.200.000
        if pct and value > 100:
            continue
        cue = _rx("cues/cue_before").search(clause[: m.start()])
        prefix = clause[: cue.start() if cue else m.start()]
        if head:
            prefix = f"{head}: {prefix.strip()} "
        after = regex.sub(r"^\s*%?\s*/\s*năm\b", "", after)  # "10 - 13%/năm": a yearly rate
        named_after = _scope_after(after.lstrip(" %"), counted=not pct)  # what the words after the number name
        unit = per.group().strip() if per else named_after
        if action:  # "xây mới 300 nhà, sửa chữa 120 nhà": the next action's count ends this one's noun
            unit = regex.split(r"(?:,|\s+và)\s+(?=(?:\p{L}+\s+){1,4}\d)", unit, maxsplit=1)[0]
        if part:  # "trong đó: trình độ cao đẳng 3.200 người, trung cấp 5.800 người": each part its label and unit
            unit = regex.split(r"\s*[,;]\s*", unit, maxsplit=1)[0]
        if out and _rx("cues/next_stage").fullmatch(clause[out[-1].evidence.end - start:m.start()]):
            scope = out[-1].scope  # "có 15 không gian và đến năm 2030 có tối thiểu 20 không gian": a later stage of it
        elif coordinated and not (pct and named_after) and not (named_after and out[-1].scope == out[-1].unit):
            scope = out[-1].scope  # "X: tối đa 15 tập thể và 30 cá nhân": one bearer; "80% X và 100% Y": two measures;
            # "tối thiểu 300 thạc sĩ và 50 tiến sĩ": each counts its own
        elif pct:
            # "giảm từ 5% ÷ 10% trên cả 3 tiêu chí về số vụ, số người chết ...": the criteria are what is measured
            scope = _scope_after(_rx("cues/criteria_lead").sub("", after.lstrip(" %"), count=1))
            spent = _rx("cues/plan_object").search(prefix) if _rx("cues/plan_base").match(after.lstrip(" %")) else None
            if spent:  # "giải ngân vốn đầu tư công ... đạt tối thiểu 70% kế hoạch": the plan is the base, what is
                scope = spent["object"]  # disbursed is measured
            reached = _rx("cues/bearer_reaches").search(scope)  # "100% xã, phường đạt chuẩn phổ cập ...": who reaches it
            if reached and not _rx("cues/measure_anchor").match(scope):  # "80% số xã đạt chuẩn ...": what is measured
                scope = scope[: reached.start()]
            not_bearer = (_rx("cues/predicate_after").match(after.lstrip(" %")) or _rx("cues/base_after").match(scope)
                          or _rx("cues/time_after").match(scope))
            if (not scope or not_bearer or _rx("cues/connective").match(scope) or _rx("cues/not_bearer_after").match(scope)
                    or _rx("cues/measured_before").search(clause[: m.start()])):
                measured = _scope_before(prefix)
                if measured and _rx("cues/locative").match(scope):  # "98% ở cấp tỉnh": the measure, where it applies
                    scope = f"{measured} {scope}"
                else:  # "trong đó 50% đạt mức ...", "đạt 2% GRDP": a predicate or a base bears nothing
                    scope = measured or ("" if not_bearer else scope)
            if scope and _rx("cues/bare_rate").fullmatch(scope):
                grown = _measured_before_comma(clause[: m.start()])
                scope = f"{scope} {grown}" if grown else scope
        else:  # a count: its bearer ("mỗi huyện có ít nhất 05 ..."), else what it counts
            has = bool(cue) and _rx("cues/bearer_has").match(" " + cue.group().lstrip())
            bare = _rx("cues/lead_in").sub("", prefix[item_marker().match(prefix).end():] if item_marker().match(prefix) else prefix)
            anchored = (_rx("cues/scope_anchor").search(prefix) or has or _rx("cues/noun_phrase").search(prefix)
                        or _rx("scope_start").match(bare) or ":" in bare)
            per_unit = _rx("cues/per_unit").match(unit)  # "đạt 10 người/vạn dân": what is counted comes before
            counted = (anchored or per_unit) and not (action and unit)  # "Tổ chức 36 phiên ...": what it counts
            holder = _rx("cues/holder_after").match(after) if per_unit else None
            scope = (holder["holder"] if holder  # "không quá 01 lần/năm đối với một doanh nghiệp": whom it applies to
                     else (_scope_before(prefix) if counted else unit) or _scope_before(prefix) or unit)  # else what it counts
            if unit and _rx("cues/count_before").match(scope or ""):
                scope = unit  # "trong đó có 110 sản phẩm đạt 4 sao và 02 sản phẩm đạt 5 sao": an earlier count bears nothing
        if later and stage.scope:
            scope = stage.scope
        if part:
            parts = clause[max(0, leads[-1].end() - start):cue.start() if cue else m.start()]  # "lao động đi Nhật Bản
            # khoảng 1.500 người": after the last "trong đó", or from the clause's start when it stood in an earlier one
            label = _clip(regex.split(r"\d[\d.,]*(?:\s+\p{L}+){1,3}\s*[,;]\s|;\s", parts)[-1])
            # after the part before it, or the "trong đó"; not a word of comparison ("có từ")
            scope = label if len(label.split()) > 1 and not regex.match(
                r"(?:có|đạt|khoảng|chiếm|ưu\s+tiên|tối\s+thiểu|ít\s+nhất|từ)\b", label) else scope
        if scope and _rx("cues/not_a_scope").fullmatch(scope.strip()):  # "Phấn đấu năm 2026 có ít nhất 40 thôn, bản"
            scope = unit if unit and not _rx("cues/not_a_scope").fullmatch(unit.strip()) else None
        q = Quota(scope or None, comparator, value, pct, unit or None, period, None,
                  _clip(clause) if len(clause) < 200 else clause[:200],
                  Evidence(page_of(start + m.start()), start + m.start(), start + m.end()),
                  _number(high) if high else None)
        out.append(q)
        prev_end = m.end()
    return out


def _later_stage(after: str, stage: Quota | None) -> bool:
    """Whether the words after a number are a later stage of the count ``stage``: its unit, then a year ("25.000 doanh
    nghiệp năm 2027")."""
    if not stage or not stage.unit:
        return False
    first = regex.escape(stage.unit.split()[0])
    return bool(regex.match(rf"\s*{first}\b[\p{{L}}\s]{{0,30}}?\s(?:vào\s+|đến\s+|trong\s+)?năm\s+\d{{4}}\b", after,
                            regex.IGNORECASE))


def _measured_before_comma(prefix: str) -> str:
    """What the part of the clause before the last comma measures: "tổng giá trị sản phẩm Xoài tham gia xuất khẩu đến
    năm 2030 dự kiến đạt 10 triệu USD, " -> "tổng giá trị sản phẩm Xoài tham gia xuất khẩu"."""
    commas = [c for c in re.finditer(r",\s", prefix)]
    if not commas:
        return ""
    start = commas[-2].end() if len(commas) > 1 else 0
    part = prefix[start:commas[-1].start()]
    anchor = _rx("cues/measure_anchor").search(part)
    if not anchor:
        return ""
    part = part[anchor.start():]
    ends = [m.start() for m in (_rx("cues/measure_end").search(part), _rx("status_report").search(part),
                                 regex.search(r"\s(?:đến|tới)\s+(?:hết\s+)?năm\s+\d{4}", part)) if m]
    grown = _clip(part[:min(ends)] if ends else part)
    return grown[:1].lower() + grown[1:] if grown[1:2].islower() else grown  # "Tổng giá trị" inside the rate's name


def _reported_spans(clause: str, brackets_only: bool = False) -> list[tuple[int, int]]:
    """Where a report's word ("ước đạt", "so cùng kỳ", "dự kiến") governs: its comma-separated part ("tổng giá trị ...
    dự kiến đạt 10 triệu USD, tốc độ tăng bình quân 08 - 09%/năm": the rate after the comma is still a target), or
    the rest of the clause when it opens it ("Đến nay, toàn tỉnh có 50 xã ...")."""
    spans = []
    for m in _rx("status_report").finditer(clause):
        if _bracketed(clause[: m.start()]):  # "đạt từ 95,8% trở lên (năm 2025 ước đạt 94,6%)": the bracket's figure only
            opened, close = clause.rfind("(", 0, m.start()), clause.find(")", m.end())
            close = len(clause) if close < 0 else close
            if not _rx("firm_target").search(clause, opened, close):  # "(phấn đấu tăng tối thiểu 10% so với dự toán)"
                spans.append((opened, close))
            continue
        if brackets_only:  # a firm target's clause: only a figure in brackets is the report's
            continue
        start = max((c.end() for c in re.finditer(r",\s", clause[:m.start()])), default=0)
        nxt = re.search(r",\s", clause[m.end():])
        lead_in = not clause[start:m.start()].strip(" -+•") and clause[m.end():m.end() + 1] == ","
        spans.append((start, len(clause) if lead_in or not nxt else m.end() + nxt.start()))
    return spans


def _target_columns(doc, row, year: int | None = None) -> dict | None:
    """The columns of a table of targets' header row: the target's name, its unit and the planned values, either
    one column ("STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2026 | Cơ quan chủ trì theo dõi") or one a year, staged
    ("STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2027 | Năm 2030"), from the year the document was issued in on;
    None for any other row. A year's figures done or estimated ("Thực hiện năm 2024", "Ước năm 2025") are no target."""
    cells = [doc.text[a:b] for a, b in row.cells]
    found: dict = {}
    for name in ("indicator", "unit"):
        at = [i for i, c in enumerate(cells) if _rx(f"cues/table_{name}").fullmatch(c)]
        if at:  # "Tiêu chí | Chỉ tiêu chủ yếu": the last names the target, the first its group
            found[name] = at[-1] if name == "indicator" else at[0]
    if "indicator" not in found:
        bearer = next((i for i, c in enumerate(cells) if _rx("cues/table_bearer").fullmatch(c)), None)
        if bearer is None:
            return None
        # "STT | Xã, phường | ... | Che phủ rừng (%) | Giảm hộ nghèo (%)": targets by commune, the commune their bearer
        found = {"indicator": bearer, "bearer": True}
    plan = [i for i, c in enumerate(cells)
            if (m := _rx("cues/table_plan").fullmatch(c) or _rx("cues/table_year").fullmatch(c))
            and (year is None or not m["year"] or int(m["year"]) >= year)]  # "Quý I": a stage of the year
    if found.get("bearer"):
        plan += [i for i, c in enumerate(cells) if i not in plan and _rx("cues/table_percent_column").fullmatch(c)]
        found["headers"] = cells  # "Che phủ rừng (%)": the header says its values are shares
    return {**found, "plan": sorted(plan)} if plan else None


def _table_quotas(doc, row, cols: dict) -> list[Quota]:
    """The targets one row of a table of targets gives, one a planned column: its name is the scope."""
    cells = [doc.text[a:b] for a, b in row.cells]
    if len(cells) <= max(cols["plan"] + [cols.get("unit", 0), cols["indicator"]]):
        return []
    unit = cells[cols["unit"]].strip() if "unit" in cols else ""
    name = cells[cols["indicator"]].strip()
    if not name or _rx("cues/table_money").search(unit):
        return []
    out = []
    for col in cols["plan"]:
        value = _rx("cues/table_value").fullmatch(cells[col])
        if not value:
            continue
        sign = value.string[: value.start("value")]  # "≥ 9,0", "trên 90": the words of comparison a clause has too
        comparator = ">=" if _rx("comparators/>=").search(sign) else "<=" if _rx("comparators/<=").search(sign) else "="
        pct = bool(value["pct"]) or unit.startswith("%") or "headers" in cols and "%" in cols["headers"][col]
        at = row.cells[col][0] + value.start("value")
        out.append(Quota(_clip(name), comparator, _scaled(_number(value["value"]), unit), pct, unit or None, None, None,
                         _clip(" ".join(c.strip() for c in cells if c.strip())),
                         Evidence(doc.page_of(at), at, at + len(value["value"])), None))
    return out


def find_quotas(doc, lines, skip, situation: set[int] = frozenset(), year: int | None = None) -> list[Quota]:
    """The quotas of the document's lines; in a part on the situation (line starts in ``situation``), only those a
    clause aims at ("Phấn đấu hoàn thành 100% nhiệm vụ chi ...") or a section of targets holds ("II. THỰC TRẠNG VÀ
    CHỈ TIÊU NĂM 2026" ... "2. Các chỉ tiêu chủ yếu năm 2026"): the rest are results. ``year``: the year the
    document was issued in (a table's columns of earlier years are no targets)."""
    out: list[Quota] = []
    target_path = None  # the path of a "Mục tiêu cụ thể" / "Chỉ tiêu" section we are in
    table = None  # the columns of the table of targets whose rows we are in
    tabled: list[Quota] = []
    listed = None  # the measure a line ending in a colon names, whose stages the dashed lines after it give
    for ln in lines:
        if any(a <= ln.start < b for a, b in skip):
            continue
        if ln.row is None:
            if table is not None and PAGE_NUMBER.fullmatch(ln.text.strip()):
                continue  # a page number inside the table: its rows go on after it
            table = None
        elif (cols := _target_columns(doc, ln.row, year)) is not None:
            table = cols
            continue
        elif table is not None:  # "6 | Số doanh nghiệp thành lập mới | Doanh nghiệp | ≥ 500 | Sở Tài chính"
            tabled.extend(_table_quotas(doc, ln.row, table))
            continue
        if target_path and not within(ln.path, target_path):
            target_path = None
        if ln.row is None and ln.path and _rx("cues/target_section").match(ln.text):
            target_path = ln.path
            continue
        aimed = target_path is not None
        found: list[Quota] = []
        if listed and not _rx("cues/dash_item").match(ln.text):
            listed = None
        head = _measure_head(ln)
        for a, b in clauses(ln):  # "Phấn đấu X đạt 2,1 ...; Y dưới 109 ...": the aim carries to the next clauses
            if ln.start in situation and not target_path and not _rx("firm_target").search(doc.text, a, b):
                continue
            own_head = head is not None and a <= head[0] < b
            counts = [q for q in found if not q.percent and q.unit]
            found.extend(quotas_in(doc.text, a, b, doc.page_of, targets=aimed,
                                   head=head[1] if head and aimed and not own_head and a > head[0] else None,
                                   stage=counts[-1] if counts else None))
            aimed = aimed or bool(_rx("target_words").search(doc.text, a, b))
        if listed:  # "- Đến ngày 30/6/2026: đạt tối thiểu 50% kế hoạch": a stage of the measure the list's head names
            found = [dataclasses.replace(q, scope=listed) if _unborne(q.scope) else q for q in found]
        elif ln.row is None and ln.text.rstrip().endswith(":"):
            listed = _list_head(ln.text)
            if listed:  # "Tỷ lệ ... phân loại tại nguồn (tối thiểu 03 nhóm: ...) đạt:": a count in brackets defines the measure
                found = [q for q in found if not _bracketed(ln.text[: q.evidence.start - ln.start])]
        out.extend(_staged(found, doc.text))
    # a table of targets restates what the text says: a row adds a target only where no text has said it
    out += [t for t in tabled if not any(_restates(t, q) for q in out)]
    return _once(sorted(out, key=lambda q: q.evidence.start))


def _restates(row: Quota, said: Quota) -> bool:
    """Whether a table row's target is one the text has said: the same value, and the row's name shares its words."""
    if (row.value, row.percent) != (said.value, said.percent):
        return False
    mine, theirs = set(_fold(row.scope).split()), set(_fold(said.scope).split())
    return bool(theirs) and len(mine & theirs) >= min(len(mine), len(theirs)) / 2


def _measure_head(ln) -> tuple[int, str] | None:
    """The measure a line names before its colon ("- Tỷ lệ trường đạt chuẩn quốc gia: năm 2026, ..."), with the
    colon's offset: the stages and parts in the clauses after it are of that measure."""
    colon = ln.text.find(":")
    if colon < 0:
        return None
    name = ln.text[:colon]
    marker = item_marker().match(name)
    name = _rx("cues/lead_in").sub("", name[marker.end():] if marker else name).strip()
    if not _rx("cues/measure_anchor").match(name) or regex.search(r"\d", name) or len(name.split()) > WORDS_MAX:
        return None
    return ln.start + colon, name


def _list_head(text: str) -> str | None:
    """The measure a line that opens a list of its stages names ("2. Đối với kế hoạch vốn năm 2026: phấn đấu tỷ lệ giải
    ngân toàn tỉnh theo các mốc sau:" -> "tỷ lệ giải ngân toàn tỉnh"), if it names one."""
    anchor = _rx("cues/measure_anchor").search(text)
    if not anchor:
        return None
    name = text[anchor.start():]
    end = _rx("cues/list_head_end").search(name)
    return _clip(_drop_comment(name[: end.start()] if end else name)) or None


def _bracketed(before: str) -> bool:
    """Whether the words before a number leave a bracket open ("a) Tỷ lệ ... (tối thiểu ")."""
    return before.rfind("(") > before.rfind(")")


def _unborne(scope: str | None) -> bool:
    """Whether a stage in a list names no bearer of its own: none, its time ("Quý I/2026") or the base ("kế hoạch")."""
    return not scope or bool(_rx("cues/stage_label").fullmatch(scope.strip()) or _rx("cues/not_bearer_after").match(scope)
                             or scope.lower().startswith("kế hoạch"))  # "kế hoạch vốn", which not_bearer_after leaves


def _staged(quotas: list[Quota], text: str) -> list[Quota]:
    """A line's quotas read against the one before them. Later stages of one target ("Tỷ lệ X: đến năm 2027 đạt 50%;
    đến năm 2030 đạt 80%", "Tổng số buồng đạt 13.000 buồng năm 2026; đến năm 2030 đạt 20.000 buồng") name no bearer of
    their own: each takes the scope of the stage before it. A share of it ("đạt 72%, trong đó có bằng cấp, chứng chỉ
    đạt 32%"; "trong đó khu vực đô thị đạt 97%; khu vực nông thôn đạt 87%") is that measure, qualified."""
    out: list[Quota] = []
    whole = part_head = None  # the measure a "trong đó" split, and the first word of its parts
    for q in quotas:
        prev = out[-1] if out else None
        if prev and prev.scope:
            own = (q.scope or "").split()
            same_clause = not regex.search(r"[;.]", text[prev.evidence.end:q.evidence.start])
            if not own or (not q.percent and not prev.percent and q.scope == q.unit
                           and (set(_fold(q.scope).split()) <= set(_fold(prev.scope).split())
                                or _rx("cues/per_unit").fullmatch(q.unit or ""))):  # "đạt 3.000 ha": only a unit
                q = dataclasses.replace(q, scope=prev.scope)
            elif q.percent and _rx("cues/part_of").search(text, prev.evidence.end, q.evidence.start):
                # a qualifier of the measure ("có bằng cấp", "khu vực đô thị", "nước sạch theo quy chuẩn" of "tỷ lệ hộ dân
                # sử dụng nước sạch") is that measure, qualified; a bearer of its own ("kinh phí từ xã hội") stands alone
                if (_rx("cues/qualifier").match(q.scope) or len(own) <= 2
                        or set(_fold(q.scope).split()) & set(_fold(prev.scope).split())):
                    whole, part_head = prev.scope, own[0].lower()
                    q = dataclasses.replace(q, scope=_clip(f"{whole} {q.scope}"))
            elif (q.percent and prev.percent and _rx("cues/measure_anchor").match(prev.scope) and _rx("cues/level_part").match(q.scope)
                  and same_clause):
                # "tỷ lệ học sinh bỏ học cấp THCS dưới 0,3%, cấp THPT dưới 0,8%": the same measure at another level
                at = _rx("cues/level_part").search(prev.scope)
                q = dataclasses.replace(q, scope=_clip(f"{prev.scope[: at.start()].rstrip() if at else prev.scope} {q.scope}"))
            elif whole and (own[0].lower() == part_head or same_clause):
                # a sibling of the part: "khu vực nông thôn đạt 87%" after "khu vực đô thị đạt 97%"; "tiểu học 92%"
                q = dataclasses.replace(q, scope=_clip(f"{whole} {q.scope}"))
            else:
                whole = None
        out.append(q)
    return out


def _once(quotas: list[Quota]) -> list[Quota]:
    """Each target once: one restated word for word (the same cut of "30% thời gian giải quyết" under each of 50
    procedures of a simplification plan) is the same target; the first mention keeps the evidence. Staged targets
    differ in value, and two targets of one bearer and value differ in their clause, so both stay."""
    seen: dict[tuple, int] = {}
    out = []
    for q in quotas:
        said = q.text[m.end():] if (m := item_marker().match(q.text)) else q.text  # "1. X" restated as "2. X"
        key = (_fold(q.scope), q.comparator, q.value, q.value_max, q.percent, q.period, _fold(said))
        if key not in seen or 0 < q.evidence.start - seen[key] < len(q.text):
            # the same value twice in one clause or row is two stages ("| 75.000 | 75.000 |": 2027 and 2028)
            seen[key] = q.evidence.start
            out.append(q)
    return out


def _fold(s: str | None) -> str:
    return " ".join((s or "").lower().split())
