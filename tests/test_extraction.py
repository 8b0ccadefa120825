"""Extraction from whole pages of sites the reader has never seen: one short invented case
per family of patterns (metadata lines, bylines, chrome, titles, pages that are no
article), and the field accuracy on the real copied pages in ../shared/fixtures (read in
place; skipped when the folder is absent)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
import yaml

from cppcc_publish import dumps, parse_text
from cppcc_publish.readers.credits import read_credits, read_labels
from cppcc_publish.readers.structure import line_kind
from cppcc_publish.readers.view import view

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def people(article, *roles):
    return [(c.name, c.role) for c in article.authors if not roles or c.role in roles]


def body_text(article):
    return "".join(b.text for b in article.body)


# --- metadata lines in every shape ------------------------------------------------------

META_LINES = [
    # (line, date, source, credits)
    ("发布:2023-02-06 17:33:20来源:某某日报编辑:本站编辑浏览:", "2023-02-06", "某某日报", []),
    ("发布日期:2020年03月24日打印本页关闭窗口", "2020-03-24", None, []),
    ("2021-12-29 16:00:51 编辑：张三 审核人：李四 阅读次数：2287 |", "2021-12-29", None,
     [("张三", "editor"), ("李四", "editor")]),
    ("时间：2019-09-18 06:23 来源： 某某日报 作者：王五 【字体：大 中 小】", "2019-09-18", "某某日报", [("王五", "author")]),
    ("發佈時間：2022年02月13日 來源：某某晚報", "2022-02-13", "某某晚報", []),
    ("2014-01-27 19:52:22", "2014-01-27", None, []),
    ("2022.01.20 16:31 来源：某某日报客户端", "2022-01-20", "某某日报客户端", []),
    ("来源：某某晚报 2021-11-25 16:26:07", "2021-11-25", "某某晚报", []),
    ("本文来源于国家统计局　2024-05-11 09:36:26", "2024-05-11", "国家统计局", []),
    ("2023-06-15 08:10 来源：某某新闻网 王帆", "2023-06-15", "某某新闻网", [("王帆", "author")]),
    ("来源: | 发布时间: 2018-05-17 | 浏览次数: 2168", "2018-05-17", None, []),
    ("2022-02-13 09:57 　　 某某网", "2022-02-13", "某某网", []),
]


@pytest.mark.parametrize(("line", "date", "source", "credits"), META_LINES, ids=[m[0][:12] for m in META_LINES])
def test_metadata_line_shapes(line, date, source, credits):
    labels = read_labels(view(line))
    assert labels.understood
    assert str(labels.date) == date
    got_source = labels.source or labels.implicit_source
    assert (got_source and view(got_source)) == (source and view(source))
    assert labels.credits == [(view(n), r) for n, r in credits]


def test_a_date_alone_above_the_text_is_the_date_not_a_paragraph():
    a = parse_text("市政协召开常委会议\n2014-01-27 19:52:22\n会议传达学习了全国两会精神，安排部署了今年的重点工作。\n")
    assert a.date == dt.date(2014, 1, 27)
    assert [p.text for p in a.paragraphs] == ["会议传达学习了全国两会精神，安排部署了今年的重点工作。"]


# --- bylines ----------------------------------------------------------------------------

BYLINES = [
    ("(记者 张三 李四 见习记者 王五)", [("张三", "reporter"), ("李四", "reporter"), ("王五", "reporter")]),
    ("文/张三", [("张三", "author")]),
    ("张三/文 李四/摄", [("张三", "author"), ("李四", "photographer")]),
    ("全媒体记者 张三 通讯员 李四", [("张三", "reporter"), ("李四", "correspondent")]),
    ("■某报记者 张三", [("张三", "reporter")]),
    ("记者 张  三", [("张三", "reporter")]),
    ("記者 陳大文", [("陈大文", "reporter")]),
    ("（某某网编辑 孙桂芳）", [("孙桂芳", "editor")]),
    ("医技药剂党支部、药剂科供稿  摄影/张艳  编辑/苏芳",
     [("医技药剂党支部", "organisation"), ("药剂科", "organisation"), ("张艳", "photographer"), ("苏芳", "editor")]),
    ("本报记者罗科苏盈发自北京", [("罗科", "reporter"), ("苏盈", "reporter")]),
    ("（罗鸣 整理）", [("罗鸣", "compiler")]),
]


@pytest.mark.parametrize(("line", "expected"), BYLINES, ids=[b[0][:10] for b in BYLINES])
def test_byline_shapes(line, expected):
    assert line_kind(line) == "credit"
    assert read_credits(view(line)).people == [(view(n), r) for n, r in expected]


def test_dateline_reporters_are_authors_and_the_dateline_stays():
    a = parse_text(
        "某市政协调研乡村振兴\n某某网5月30日讯(记者张三):连日来，市政协组织委员深入乡镇调研，听取基层意见建议。\n"
        "调研组一行先后走访了多个村镇，实地察看产业发展情况。\n"
    )
    assert people(a) == [("张三", "reporter")]
    assert a.paragraphs[0].text.startswith("某某网5月30日讯（记者张三）：")


def test_a_byline_glued_to_the_last_paragraph_is_taken_out():
    a = parse_text(
        "某市政协调研乡村振兴\n连日来，市政协组织委员深入乡镇调研，听取基层意见建议。\n"
        "调研组一行先后走访了多个村镇，实地察看产业发展情况。(记者 张三 李四 见习记者 王五)\n"
    )
    assert a.paragraphs[-1].text == "调研组一行先后走访了多个村镇，实地察看产业发展情况。"
    assert people(a, "reporter") == [("张三", "reporter"), ("李四", "reporter"), ("王五", "reporter")]


def test_names_alone_under_the_title_are_its_authors():
    a = parse_text(
        "首页 > 学术前沿\n社会资本与再就业\n张大伟、刘小红\n近年来，下岗职工这一社会群体越来越引人注目，他们的再就业问题成为社会关注的焦点。\n"
        "本文从社会资本和人力资本两个方面探讨再就业的影响因素，并提出相应的政策建议。\n"
    )
    assert people(a) == [("张大伟", "author"), ("刘小红", "author")]


def test_a_name_alone_under_the_text_is_the_author_with_a_warning():
    a = parse_text(
        "某市政协调研乡村振兴\n连日来，市政协组织委员深入乡镇调研，听取基层意见建议。\n"
        "调研组一行先后走访了多个村镇，实地察看产业发展情况。\n张大伟\n"
    )
    assert people(a) == [("张大伟", "author")]
    (d,) = [d for d in a.diagnostics if d.code == "credit-uncertain"]
    assert d.level == "warning" and "张大伟" in d.message


def test_editors_photographers_and_organisations_are_not_authors():
    a = parse_text(
        "市政协开展义诊活动\n连日来，市政协组织医卫界委员深入社区开展义诊活动，为群众送去健康服务。\n"
        "委员们耐心解答群众咨询，发放健康宣传资料，受到群众欢迎。\n"
        "医卫界委员工作室供稿  摄影/张艳  编辑/苏芳\n"
    )
    roles = dict((n, r) for n, r in people(a))
    assert roles == {"医卫界委员工作室": "organisation", "张艳": "photographer", "苏芳": "editor"}
    assert not a.printed_credits
    dumped = json.loads(dumps(a))
    assert {c["role"] for c in dumped["authors"]} == {"organisation", "photographer", "editor"}


# --- page chrome ------------------------------------------------------------------------

PAGE = """您好，欢迎进入某某市政协网站！
今天是：2024年4月25日 星期四
首页
政协要闻
委员风采
提案工作
搜索
您的位置：首页 >> 政协要闻
市政协召开主席会议
发布:2023-02-06 17:33:20来源:某某日报编辑:本站编辑浏览:
【字体：大 中 小】【打印】【关闭】
本报讯（记者 张三 李四）2月6日，市政协召开主席会议，传达学习全国两会精神，研究部署近期重点工作。
会议强调，要深入学习贯彻会议精神，切实把思想和行动统一到中央决策部署上来，推动各项工作落地见效。
放大图片
会议还研究了其他事项。市政协领导班子成员参加会议。
（编辑：王五）
关键词：主席会议
相关新闻
市政协举行常委会议
市政协召开提案工作座谈会
评论一下
0人参与,0条评论
还没有评论,快来抢沙发吧!
版权所有 某某市政协办公室 备案号：某ICP备12345678号
"""


def test_a_whole_copied_page_gives_the_article_and_nothing_of_the_site():
    a = parse_text(PAGE)
    assert a.title == "市政协召开主席会议"
    assert a.date == dt.date(2023, 2, 6)
    assert a.source is not None and a.source.name == "某某日报"
    assert people(a) == [("张三", "reporter"), ("李四", "reporter"), ("王五", "editor")]
    assert len(a.paragraphs) == 3
    body = body_text(a)
    for chrome in ("欢迎进入", "今天是", "您的位置", "字体", "放大图片", "编辑：王五", "关键词", "相关新闻",
                   "市政协举行常委会议", "评论一下", "抢沙发", "版权所有"):
        assert chrome not in body, chrome
    assert not [d for d in a.diagnostics if d.level == "warning"]


def test_chrome_in_traditional_script_with_pinyin_glued_on():
    page = (
        "首頁\n政協(xié)要聞\n委員風采\n當前位置：首頁 > 政協(xié)要聞\n市政協(xié)召開主席會議\n"
        "發佈時間：2023年02月06日 來源：某某日報\n分享到：\n"
        "2月6日，市政協(xié)召開主席會議，傳達學習全國兩會精神，研究部署近期重點工作。\n"
        "會議強調，要深入學習貫徹會議精神，推動各項工作落地見效。\n"
        "關(guān)鍵詞(cí)：主席會議\n【打印】【關閉】\n"
    )
    a = parse_text(page)
    assert a.title == "市政协召开主席会议"
    assert a.date == dt.date(2023, 2, 6)
    assert len(a.paragraphs) == 2
    assert "关键词" not in body_text(a) and "分享" not in body_text(a)


def test_a_teaser_list_after_the_article_is_not_text():
    page = PAGE.replace("相关新闻\n", "").replace(
        "市政协举行常委会议\n", "[2024-04-20] 市政协举行常委会议，研究部署年度协商计划？\n"
    )
    a = parse_text(page)
    assert "年度协商计划" not in body_text(a)


# --- titles -----------------------------------------------------------------------------


def test_the_title_is_the_headline_not_the_site_or_a_banner():
    page = (
        "某某市人民政府网站\n欢迎访问某某市人民政府门户网站！\n首页\n政务公开\n办事服务\n互动交流\n"
        "首页 > 政务公开 > 工作动态\n"
        "凝聚智慧力量 共谱时代华章\n"
        "——2022年市政协工作综述\n"
        "时间：2023-01-03 来源：某某市政协\n"
        "2022年是市政协奋斗新时代、奋进新征程、奋发新作为的一年，全市政协系统履职尽责，成效显著。\n"
        "一年来，市政协坚持人民政协政治属性，广泛团结引导各界群众，凝聚了强大合力。\n"
    )
    a = parse_text(page)
    assert a.title == "凝聚智慧力量 共谱时代华章"
    assert a.subtitle == "2022年市政协工作综述"
    assert a.source is not None and a.source.name == "某某市政协"


def test_a_kicker_above_the_title_is_its_subtitle():
    page = (
        "首页\n新闻\n要闻\n社会\n首页 > 新闻 > 要闻\n"
        "拆房屡出命案 管理形同虚设\n谁来为无序拆房“埋单”？\n本报记者 王燕平 方云凤\n2003-7-24 某某晚报\n"
        "为拆一幢房，断送了三条人命。前天的这场惨剧发生得实在太突然，太震惊了。\n"
        "三条人命啊，就这样从我们眼前骤然消失，随之毁去的，还有他们的家庭。\n"
    )
    a = parse_text(page)
    assert a.title == "谁来为无序拆房“埋单”？"
    assert a.subtitle == "拆房屡出命案 管理形同虚设"
    assert people(a) == [("王燕平", "reporter"), ("方云凤", "reporter")]


def test_two_titles_that_score_alike_give_a_warning_naming_both():
    page = (
        "首页\n新闻\n要闻\n社会\n"
        "市政协委员深入基层开展调研\n记者 张三\n乡村振兴调研座谈会在某县召开\n记者 李四\n"
        "连日来，市政协委员深入基层开展调研，围绕乡村振兴建言献策，形成了一批高质量的调研成果。\n"
        "委员们表示，将继续发挥自身优势，为推动乡村全面振兴贡献智慧和力量。\n"
    )
    a = parse_text(page)
    warnings = [d for d in a.diagnostics if d.code == "title-uncertain"]
    assert warnings and "市政协委员深入基层开展调研" in warnings[0].message
    assert "乡村振兴调研座谈会在某县召开" in warnings[0].message


# --- pages that are no article ----------------------------------------------------------

INDEX = """设为首页 | 加入收藏 | 联系我们
首页
政协新闻
会议活动
委员风采
全国政协十三届一次会议闭幕
习近平等党和国家领导人出席闭幕会
全国政协召开提案工作座谈会
关于表彰2014-2015年度优秀提案的决定
全国政协京昆室举办戏曲艺术讲座
(2020-08-16 22:26:38)[社会] 一图读懂 | 某地6人感染始末
(2020-08-16 21:58:28)[国际] 某国防部：战机起飞拦截侦察机
更多>>
版权所有 中国政协网
"""


def test_an_index_page_is_not_an_article():
    a = parse_text(INDEX)
    (d,) = [d for d in a.diagnostics if d.code == "not-an-article"]
    assert d.level == "warning"
    assert "全国政协十三届一次会议闭幕" in body_text(a)  # its text is kept, as paragraphs


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[1] / "examples" / "articles").glob("*.txt")), ids=lambda p: p.stem[:3])
def test_an_article_never_gets_not_an_article(path):
    from cppcc_publish import read_article

    assert not [d for d in read_article(path).diagnostics if d.code == "not-an-article"]


def test_a_short_article_in_plain_text_is_an_article():
    a = parse_text("通知\n定于明天上午召开常委会议。\n")
    assert not [d for d in a.diagnostics if d.code == "not-an-article"]


# --- the real pages, read in place --------------------------------------------------------


@pytest.mark.skipif(not (FIXTURES / "copied").is_dir(), reason="../shared/fixtures is absent")
def test_field_accuracy_on_the_copied_real_pages():
    """Scored as ../shared/fixtures/score.py scores (its own functions), in process."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import score  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(FIXTURES))
    from cppcc_publish import read_article

    ok: dict[str, int] = {}
    total: dict[str, int] = {}
    for exp_path in sorted((FIXTURES / "copied").glob("*.expected.yaml")):
        page = exp_path.with_name(exp_path.name.removesuffix(".expected.yaml") + ".txt")
        expected = yaml.safe_load(exp_path.read_text("utf-8"))
        doc = json.loads(dumps(read_article(page)))
        for field_name, right in score.score(doc, expected).items():
            total[field_name] = total.get(field_name, 0) + 1
            ok[field_name] = ok.get(field_name, 0) + right
    overall = sum(ok.values()) / sum(total.values())
    per_field = {k: ok[k] / total[k] for k in total}
    assert overall >= 0.90, per_field
    assert min(per_field.values()) >= 0.80, per_field


def test_a_list_a_line_announces_and_a_contact_line_are_text_of_a_plain_notice():
    a = parse_text(
        "关于表彰优秀政协委员的决定\n经研究，决定表彰以下优秀政协委员，名单如下：\n张大伟\n刘小红\n王建国\n陈志明\n"
        "市政协办公室\n联系电话：0771-1234567\n"
    )
    texts = [b.text for b in a.body]
    assert texts[1:5] == ["张大伟", "刘小红", "王建国", "陈志明"]
    assert not a.headings and not a.authors
    assert "联系电话：0771-1234567" in texts


WECHAT = """市政协召开专题协商会
原创 张大伟 某某政协 2024-05-13 08:00 发表于广西
点击上方蓝字关注我们
5月10日，市政协召开专题协商会，围绕优化营商环境建言献策，市政协主席出席会议并讲话。
与会委员结合调研情况，提出了许多有针对性、可操作性的意见建议，为市委市政府决策提供参考。
编辑：张三
审核：李四
阅读原文
在看
写留言
最新评论
这篇文章写得真好，为市政协的履职成效点赞，希望多多报道基层委员的故事！
"""


def test_a_wechat_article_copied_whole():
    a = parse_text(WECHAT)
    assert a.title == "市政协召开专题协商会"
    assert a.date == dt.date(2024, 5, 13)
    assert a.source is not None and a.source.name == "某某政协"
    assert people(a) == [("张大伟", "author"), ("张三", "editor"), ("李四", "editor")]
    assert len(a.paragraphs) == 2
    assert "点赞" not in body_text(a) and "蓝字" not in body_text(a)
