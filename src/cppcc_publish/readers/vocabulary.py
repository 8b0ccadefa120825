"""The Chinese words every reader recognises: metadata keys, credit roles, page chrome.

One vocabulary, in one place, for the text reader and the HTML and Word readers.  The
words are written in simplified characters: readers match them against a line's *view*
(:func:`cppcc_publish.readers.view.view`), in which traditional characters are already
simplified, full-width Latin letters, digits and marks folded, pinyin annotations dropped
and spaces squeezed, so that ``發佈時間：``, ``发布时间:`` and ``发 布 时 间 ：`` are one key.
"""

from __future__ import annotations

from typing import Literal

from ..model import Role

# --- metadata keys ----------------------------------------------------------------------
#
# What a ``key：value`` on a page's metadata line means.  Keys are matched longest first,
# so ``责任编辑`` wins over ``编辑`` and ``发布时间`` over ``时间``.

Field = Literal[
    "date", "source", "author", "editor", "photographer", "title", "skip", "issuer",
    "authored_date",
]

META_KEYS: dict[str, Field] = {
    # publication date: 发布时间：2023-01-03 / 日期：2022年1月27日
    **dict.fromkeys(
        "发布时间 发布日期 发表时间 发表日期 发稿时间 发文时间 更新时间 更新日期 上传时间 录入时间 "
        "时间 日期 发布 刊发时间 刊登日期 出版日期 见报日期 公开日期".split(), "date"),
    # the document's own date (公文 成文日期): used only when no publication date is given
    **dict.fromkeys("成文日期 成文时间 印发日期".split(), "authored_date"),
    # the outlet: 来源：巴彦淖尔日报 / 稿件来源： 河北日报 / 本文来源于国家统计局
    **dict.fromkeys(
        "文章来源 稿件来源 信息来源 新闻来源 内容来源 消息来源 本文来源于 来源于 来源 出处 转自 转载自".split(),
        "source"),
    # the issuing authority of a government document (公文): 发文机关：吉林省人民政府
    **dict.fromkeys("发文机关 发文单位 发布机构 发布单位 发布机关".split(), "issuer"),
    **dict.fromkeys("作者 撰稿 撰文 执笔人 执笔 文字".split(), "author"),
    **dict.fromkeys(
        "责任编辑 责编 编辑 审核人 审核 审校 审读 审签 签发 校对 录入 终审 初审 复审 值班编辑 "
        "网络编辑 新媒体编辑 编审 总监制 监制 统筹 策划 制作 主编".split(), "editor"),
    **dict.fromkeys("摄影 摄像 图片 图".split(), "photographer"),
    # 标题：… in a government document's metadata table
    **dict.fromkeys("标题 题名 文件名称".split(), "title"),
    # keys whose values an editor never wants: counters, widgets, filing data, the title a
    # reprint replaced (原标题：春季学期开学，织密返校疫情防控网), a page-generation stamp
    # (本页生成时间：2030-01-01 00:00:00, never the article's date)
    **dict.fromkeys(
        "浏览次数 浏览量 浏览 点击数 点击量 点击率 点击 阅读次数 阅读量 阅读数 阅读 访问量 访问次数 人气 "
        "原标题 原题 生成时间 生成日期 页面生成时间 打印时间 当前时间 访问时间 统计时间 字体 字号 分享到 分享至 分享 所属分类 所属栏目 栏目 分类 主题分类 体裁分类 标签 关键词 关键字 "
        "索引号 主题词 发文字号 文号 文件编号 有效性 生效日期 废止日期 失效日期 打印 关闭 收藏 "
        "网友评论 来自 发布于 发布地 访问统计 访问 发表于 上传者".split(), "skip"),
}

# --- credit roles -----------------------------------------------------------------------
#
# Role words of bylines and credit lines, and the model role each gives.  A role word may
# carry a qualifier (本报记者, 见习记者, 特约通讯员, 全媒体记者) and an outlet glued before
# it (光明日报记者, 中青报·中青网记者, 新华社北京电 记者); readers strip both.

ROLE_WORDS: dict[str, Role] = {
    **dict.fromkeys("记者 实习生 实习记者".split(), "reporter"),
    **dict.fromkeys("通讯员".split(), "correspondent"),
    **dict.fromkeys("作者 撰文 撰稿 执笔人 执笔 评论员 特约评论员 文".split(), "author"),
    **dict.fromkeys("整理 整合 编译 辑录 采写".split(), "compiler"),
    **dict.fromkeys(
        "责任编辑 责编 编辑 审核人 审核 审校 审读 校对 录入 终审 值班编辑 总监制 监制 统筹 主编".split(),
        "editor"),
    **dict.fromkeys("摄影 摄像 摄 图 供图 图片".split(), "photographer"),
    **dict.fromkeys("供稿".split(), "organisation"),
}

# Qualifiers before a role word: 本报记者, 见习记者, 首席记者, 特约通讯员, 总台记者.
ROLE_QUALIFIERS = (
    "本报 本刊 本台 本网 本站 特约 见习 首席 全媒体 融媒体 融媒 总台 驻站 职工 实习 高级 资深 签约".split()
)

# Offices a speaker holds, printed before the name under a speech's title: 市政协主席 张三 /
# 四川省人民政府省长 施小琳.  The speaker is the article's author.
OFFICE_TITLES = (
    "主席 副主席 党组书记 书记 副书记 省长 副省长 代省长 市长 副市长 代市长 县长 副县长 区长 州长 旗长 "
    "主任 副主任 秘书长 副秘书长 部长 厅长 局长 院长 校长 会长 理事长 董事长 总经理 常委 委员"
).split()

# --- page chrome ------------------------------------------------------------------------
#
# Words of the site around an article.  A short line that holds one of these (and little
# else) is chrome; these never stand alone in an article.

# Widgets and tools: 分享到： / 【字体：大 中 小】 / 打印本页 / 关闭窗口 / 扫一扫在手机打开当前页
WIDGET_WORDS = (
    "分享到 分享至 分享让更多人看到 一键分享 打印本页 打印本稿 打印文章 打印此文 关闭窗口 关闭本页 "
    "加入收藏 添加收藏 收藏本站 收藏本页 设为首页 返回顶部 回到顶部 返回首页 返回列表 回到首页 "
    "扫一扫 二维码 手机扫描 手机版 电脑版 客户端下载 APP下载 下载客户端 字号 字体 放大 缩小 默认 "
    "无障碍 长者模式 长者浏览 繁体版 简体版 切换到繁体 转繁体 网站地图 网站导航 站点地图 "
    "RSS订阅 纠错 我要纠错 我要评论 发表评论 查看评论 评论一下 抢沙发 最热评论 最新评论 文明上网 "
    "登录 注册 立即注册 忘记密码 退出 搜索 热门搜索 热搜 举报 投诉 点赞 赞赏 "
    "放大图片 查看原图 点击查看大图 点击图片 上一页 下一页 尾页 首页 更多 查看更多 加载更多 "
    "阅读剩余全文 展开全文 阅读全文 收起 复制链接 复制地址 链接已复制 Loading 正文 打印 关闭 收藏 "
    "在手机打开当前页面 在手机打开当前页 手机打开 手机扫码 手机上打开 微信扫一扫 分享到微信 "
    "微信 微博 QQ空间 QQ好友 新浪微博 人人网 豆瓣 朋友圈 已收藏 取消收藏 返回 字号减小 字号增大 减小 增大 "
    "版面导航 标题导航 数字报导航 本版导航 上一版 下一版 查看旧版 往期回顾 版面概览 PDF版 电子版 "
    # a mobile page's and a WeChat article's widgets
    "打开APP 下载APP 打开客户端 阅读原文 查看原文 展开阅读全文 轻触阅读原文 点击上方蓝字 关注我们 "
    "收录于合集 收录于话题 在看 写留言 预览时标签不可点 微信扫一扫 关注该公众号 继续滑动看下一个 "
    "向上滑动看下一个 喜欢此内容的人还喜欢 知道了 赞赏作者 分享收藏点赞在看"
).split()

# Headings of the lists that follow an article on a page: 相关阅读 / 推荐阅读 / 热门文章.
# Once the article has begun, a line that is one of these ends it.
LIST_HEADINGS = (
    "相关阅读 相关新闻 相关文章 相关链接 相关报道 相关稿件 推荐阅读 推荐文章 热门推荐 热点推荐 编辑推荐 "
    "精彩推荐 猜你喜欢 为你推荐 你可能感兴趣 热门文章 热门新闻 热点新闻 热点排行 热门排行 点击排行 排行榜 "
    "最新文章 最新新闻 最新动态 最新发布 最新 图片新闻 图片聚焦 精彩图集 精彩专栏 视频新闻 往期回顾 "
    "上一篇 下一篇 阅读下一篇 友情链接 网站链接 相关专题 专题推荐 延伸阅读推荐 新闻推荐 今日推荐 "
    "要闻推荐 热门标签 关注我们 联系我们 关于我们 网站声明 版权声明 免责声明 反侵权公告 "
    # a comment section's heading
    "网友评论 最新评论 最热评论 全部评论 热门评论 精彩评论 评论区 网友留言 我要留言 留言板 精选留言 写下你的评论"
).split()

# A notice of rights, printed under an article as a sentence: 本作品为“科普中国”原创，转载时务请注明出处。 /
# 免责声明：本内容来自…，不代表腾讯新闻的观点和立场。 / 未经书面授权不得转载
RIGHTS_NOTICE = (
    r"(?:转载|转发|引用).{0,12}(?:注明|授权|联系|许可)|未经.{0,16}(?:授权|许可|同意).{0,10}(?:转载|复制|镜像|使用|摘编|发布)|版权(?:所有|归)|"
    r"不代表.{0,24}(?:观点|立场)|仅代表作者|免责声明|原创.{0,8}转载|侵权必究|违者必究"
)

# Footer words: 版权所有 / ICP备 / 公网安备 / 京ICP证 / All Rights Reserved.
FOOTER_WORDS = (
    "版权所有 Copyright © ICP备 ICP证 公网安备 网安备 网站标识码 政府网站标识码 备案号 "
    "违法和不良信息 不良信息举报 最佳浏览效果 建议使用 分辨率 网站声明 网站纠错"
).split() + ["All Rights Reserved", "All rights reserved"]
# Footer labels, furniture when a colon follows: 主办单位：… / 联系电话：… / 投稿邮箱：…
FOOTER_LABELS = (
    "主办单位 承办单位 协办单位 主管单位 主办 承办 技术支持 运维单位 运行维护 投稿热线 投稿邮箱 投稿信箱 新闻热线 "
    "联系电话 联系邮箱 电子邮箱 邮箱 举报电话 举报邮箱 传真 邮编 地址 电话 许可证编号 经营许可证"
).split()

# Greeting and date banners at the top of a page: 您好，欢迎来到…网站！ / 今天是：2024年4月25日 星期四
BANNER_WORDS = "欢迎来到 欢迎访问 欢迎光临 欢迎进入 今天是 您好 你好 星期一 星期二 星期三 星期四 星期五 星期六 星期日 星期天".split()

# "You are here" before a breadcrumb: 当前位置：首页 > 要闻 / 您的位置: …
LOCATION_WORDS = "当前位置 您的位置 你的位置 您现在的位置 你现在的位置 您所在的位置 所在位置 当前页面 位置".split()

# Words that end the name of a site or an outlet: a line made of one such name is the
# site's masthead, not a title (山西省人民政府网站 / 新华网 / 半月谈网 / 云南日报).
SITE_SUFFIXES = "网站 门户网站 网 频道 报 日报 晚报 杂志社 客户端 官网 在线 电视台 广播电台 新闻网 政府网".split()

# Labels of an article's own parts, printed as headings: 编者按 / 附件 / 背景链接 / 记者手记.
SECTION_LABELS = (
    "编者按 编者的话 编后 编后语 编后记 编辑手记 记者手记 采访手记 附件 附录 附 背景 背景链接 背景资料 链接 "
    "新闻链接 相关链接 延伸阅读 知识链接 小贴士 短评 快评 述评 导读 前言 引言 结语 后记 按语"
).split()

# --- photos -----------------------------------------------------------------------------
#
# What photo captions end with, to tell a caption from a heading when the photo itself is
# gone (a copied web page): 大会开幕式 / 活动现场 / 委员合影 / 颁奖典礼.
CAPTION_END_WORDS = (
    "现场 合影 留影 剪影 掠影 一角 开幕式 闭幕式 仪式 典礼 会场 主会场 分会场 发言 讲话 致辞 调研 视察 "
    "考察 走访 慰问 座谈 座谈会 签约 揭牌 颁奖 授牌 参观 观摩 义诊 宣讲 培训 讲座 交流 活动 图 摄 "
    "远眺 俯瞰 全景 夜景 风光 近景 航拍 资料图 示意图 供图"
).split()

# --- not an article ---------------------------------------------------------------------

# What a teaser line of a news list ends with: 央视军事8小时前 / 腾讯新闻10分钟前.
TIME_AGO_WORDS = "秒前 分钟前 小时前 天前 昨天 前天 刚刚".split()

# --- names ------------------------------------------------------------------------------
#
# Common Chinese surnames, to tell a person's name from other short words where no role
# word says so: (张巨峰) glued to the end of an article is a byline; (下) is not.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲"
    "房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟"
    "应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀"
    "郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴"
    "丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜"
    "印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧"
    "闭由风步荀淡鄂泮占仰喜依衣晃律革钮钭郦麴宦郏滑裔达亓萧蒯訾禚郇扶续撒揭藏"
)
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 西门 南宫 独孤 "
    "轩辕 呼延 百里 东郭 闻人 万俟 澹台 公冶 太叔 申屠 赫连 拓跋 钟离 闾丘 左丘 子车"
).split()
