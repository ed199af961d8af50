"""The web pages' messages: English in the code and templates, Chinese here (shown first).

The pages are served to a browser, not through Qt, so they carry their own small catalogue; the
language is the browser's cookie (county_lang), Chinese unless English was chosen.
"""

from __future__ import annotations

LANGUAGES = ("zh_CN", "en")
DEFAULT = "zh_CN"
COOKIE = "county_lang"

ZH_CN: dict[str, str] = {
    "County operations centre": "县级运营中心",
    "Language": "语言",
    "Log in": "登录",
    "Log out": "退出",
    "Name": "用户名",
    "Password": "密码",
    "administrator": "管理员",
    "viewer": "查看者",
    "Accounts are made on the server with: village-pos county add-user NAME --role viewer":
        "账号在服务器上用以下命令创建：village-pos county add-user 用户名 --role viewer",
    "Wrong name or password.": "用户名或密码错误。",
    "Too many wrong passwords: this account is locked until {time}.": "密码错误次数过多：该账号已锁定至 {time}。",
    "Your session has expired: please log in again.": "会话已过期，请重新登录。",
    "You have logged out.": "您已退出登录。",
    "Back": "返回",
    "Stations": "服务站",
    "stations": "个服务站",
    "stale or never synced": "个超过一天未同步或从未同步",
    "parcels in stock": "件包裹在库",
    "overdue (over 7 days)": "件滞留（超过 7 天）",
    "manifested parcels missing": "件已发运包裹缺失",
    "partner income this month": "本月合伙人收入",
    "Station name": "服务站名称",
    "Stale only": "只看未及时同步的",
    "Filter": "筛选",
    "Show all": "显示全部",
    "{shown} of {total} stations": "显示 {shown} / 共 {total} 个服务站",
    "Station": "服务站",
    "Last sync": "最近同步",
    "In stock": "在库包裹",
    "Overdue": "滞留包裹",
    "In transit": "在途",
    "Missing": "缺失",
    "Purchases today": "今日代购",
    "Sales today": "今日销售",
    "Income this month": "本月收入",
    "revoked": "已吊销",
    "never synced": "从未同步",
    "stale": "超过一天未同步",
    "No station matches.": "没有符合条件的服务站。",
    "All stations, last 30 days": "全部服务站，最近 30 天",
    "All stations, last 12 months": "全部服务站，最近 12 个月",
    "Last 30 days": "最近 30 天",
    "Partner income, last 12 months": "合伙人收入，最近 12 个月",
    "Parcels checked in": "包裹入库",
    "Assisted purchases": "代购",
    "Sales": "销售笔数",
    "Sales (yuan)": "销售额（元）",
    "Income (yuan)": "收入（元）",
    "Add a station": "添加服务站",
    "Add and show its enrolment code": "添加并显示绑定码",
    "This station has never synced: it has no figures yet. Give it its enrolment code and link it "
    "(Settings → County centre at the station).":
        "该服务站从未同步，还没有数据。请把绑定码交给服务站，在服务站的“设置 → 县级中心”中完成绑定。",
    "Monthly statements": "月度结算单",
    "Month": "月份",
    "Income": "收入",
    "Download": "下载",
    "No statements: the station has sent no data yet.": "暂无结算单：该服务站尚未上传数据。",
    "Recent manifests": "最近的发运单",
    "Dispatched": "发运时间",
    "Truck": "车次",
    "Waybills": "运单数",
    "Arrived": "已到站",
    "No manifests dispatched to this station.": "尚未向该服务站发运。",
    "Not allowed": "无权操作",
    "This form has expired or did not come from this site; nothing was changed. Reload the page and try again.":
        "表单已过期或并非来自本站，未做任何更改。请刷新页面后重试。",
    "Only an administrator may do this; nothing was changed.": "只有管理员可以执行此操作，未做任何更改。",
    "Not found": "未找到",
    "There is no such station.": "没有这个服务站。",
    "No statement": "没有结算单",
    "There is no data for {station} in {month}: no statement for that month.": "{station} 在 {month} 没有数据，该月没有结算单。",
    "{station} has never synced: it has no statements yet.": "{station} 从未同步，还没有结算单。",
    "Station added": "服务站已添加",
    "Station {name} added. Its enrolment code (one use, valid {days} days):":
        "服务站 {name} 已添加。绑定码（只能使用一次，{days} 天内有效）：",
    "Station {name} exists; a new enrolment code for it (one use, valid {days} days):":
        "服务站 {name} 已存在，新的绑定码（只能使用一次，{days} 天内有效）：",
    "The station name is empty, longer than 100 characters or has control characters; nothing was added.":
        "服务站名称为空、超过 100 个字符或含有控制字符，未添加。",
    "Cannot add the station": "无法添加服务站",
    "{year}-{month:02d}": "{year}年{month}月",
}

CATALOGUES = {"zh_CN": ZH_CN, "en": {}}


def language(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else DEFAULT


def translator(lang: str):
    table = CATALOGUES.get(lang, {})

    def gettext(text: str) -> str:
        return table.get(text, text)
    return gettext


def month_label(lang: str, year: int, month: int) -> str:
    return translator(lang)("{year}-{month:02d}").format(year=year, month=month)
