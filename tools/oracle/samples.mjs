// Text material for the case generators: samples per script, whitespace kinds, digits,
// contractions, emoji, combining marks, titlecase and modifier letters, punctuation, code,
// and a seeded random-text generator. Everything here is plain data or pure functions of an
// Rng (oracle.mjs); nothing calls the oracle.
//
// Invisible or confusable characters are written as \u escapes.

// [family, sample text]
export const SCRIPTS = [
  ["latin/english", "The quick brown fox jumps over the lazy dog"],
  ["latin/english-caps", "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG"],
  ["latin/camel", "getElementById parseHTTPResponse XMLHttpRequest iPhone eBay McDonald"],
  ["latin/french", "Ça coûte très cher, n'est-ce pas ? Où est l'hôpital ? Œuvre, cœur, Ægir."],
  ["latin/german", "Größenwahn auf der Straße: ÄÖÜ äöü ß ẞ Fußgängerübergänge"],
  ["latin/polish", "Zażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ."],
  ["latin/czech", "Příliš žluťoučký kůň úpěl ďábelské ódy"],
  ["latin/vietnamese", "Tiếng Việt có dấu: Người ta nói rằng ở đây rất đẹp"],
  ["latin/turkish", "İstanbul'da ılık bir akşam; IĞDIR ıslak, İzmir güneşli"],
  ["latin/icelandic", "Þjóðin á Íslandi: þú, ðú, Þór, Æsir"],
  ["latin/spanish", "¿Dónde está el niño? ¡Qué señor más pequeño! Año, mañana"],
  ["latin/romanian", "Știință și țară: ȘȚ șț"],
  ["latin/extended", "ƀƁƂƃ ɐɑɒ ǝ ɛ ʃ ʒ ŋ ǂ ǃ ȸȹ ꞵ Ꞵ ꝏ"],
  ["latin/ipa", "ˈfəʊnətɪk ˌtrænˈskrɪpʃən [ðə kwɪk bɹaʊn fɒks]"],
  ["latin/fullwidth", "ＡＢＣ ａｂｃ Ｈｅｌｌｏ，ｗｏｒｌｄ！"],
  ["latin/math-alnum", "\u{1D400}\u{1D401}\u{1D402} \u{1D44E}\u{1D44F}\u{1D450} \u{1D7CE}\u{1D7CF}"],
  ["latin/ligatures", "ﬁnance ﬂow ﬀ ﬃ ﬄ ﬅ ﬆ"],
  ["greek", "Καλημέρα κόσμε! Η γλώσσα μου έδωσαν ελληνική. ΑΒΓΔΕ αβγδε ς σ Σ"],
  ["greek/polytonic", "Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν ᾈᾼ"],
  ["cyrillic", "Съешь же ещё этих мягких французских булок, да выпей чаю"],
  ["cyrillic/caps", "СЪЕШЬ ЖЕ ЕЩЁ ЭТИХ МЯГКИХ БУЛОК"],
  ["cyrillic/ukrainian", "Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів!"],
  ["cyrillic/serbian", "Љубазни фењерџија чађавог лица хоће да ми покаже штос"],
  ["armenian", "Բարեւ աշխարհ։ Ես սիրում եմ Հայաստանը"],
  ["hebrew", "שלום עולם! זה טקסט בעברית"],
  ["hebrew/niqqud", "שָׁלוֹם עֲלֵיכֶם בְּרֵאשִׁית בָּרָא"],
  ["arabic", "مرحبا بالعالم! هذا نص عربي"],
  ["arabic/harakat", "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ"],
  ["arabic/persian", "سلام دنیا، این یک متن فارسی است"],
  ["arabic/urdu", "ہیلو دنیا، یہ اردو ہے"],
  ["syriac", "ܫܠܡܐ ܥܠܡܐ"],
  ["thaana", "ހެލޯ ވޯލްޑް"],
  ["nko", "ߒߞߏ ߞߊ߲ ߘߌ߫"],
  ["devanagari", "नमस्ते दुनिया! यह हिन्दी में लिखा गया है। क्षत्रिय"],
  ["devanagari/marathi", "महाराष्ट्र राज्याची राजधानी मुंबई आहे"],
  ["bengali", "হ্যালো বিশ্ব! আমি বাংলায় গান গাই"],
  ["gurmukhi", "ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ ਦੁਨੀਆ"],
  ["gujarati", "નમસ્તે દુનિયા, ગુજરાતી ભાષા"],
  ["oriya", "ନମସ୍କାର ବିଶ୍ୱ"],
  ["tamil", "வணக்கம் உலகம்! தமிழ் மொழி"],
  ["telugu", "నమస్కారం ప్రపంచం, తెలుగు భాష"],
  ["kannada", "ನಮಸ್ಕಾರ ಜಗತ್ತು, ಕನ್ನಡ"],
  ["malayalam", "നമസ്കാരം ലോകം, മലയാളം"],
  ["sinhala", "ආයුබෝවන් ලෝකය"],
  ["tibetan", "བཀྲ་ཤིས་བདེ་ལེགས། ༡༢༣"],
  ["thai", "สวัสดีชาวโลก ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ"],
  ["lao", "ສະບາຍດີ ໂລກ"],
  ["khmer", "សួស្តី​ពិភពលោក"],
  ["myanmar", "မင်္ဂလာပါ ကမ္ဘာလောက"],
  ["georgian", "გამარჯობა მსოფლიო! ქართული ენა"],
  ["georgian/mtavruli", "ᲒᲐᲛᲐᲠᲯᲝᲑᲐ ᲛᲡᲝᲤᲚᲘᲝ Ნინო"],
  ["hangul", "안녕하세요 세계! 한국어 텍스트입니다"],
  ["hangul/jamo", "\u1100\u1161\u11A8 \u1112\u1161\u11AB ㄱㄴㄷ ㅏㅑ"],
  ["hiragana", "こんにちは、せかい。ひらがなのぶん"],
  ["katakana", "コンピューター、インターネット、カタカナ"],
  ["katakana/halfwidth", "ｺﾝﾋﾟｭｰﾀｰ ｶﾀｶﾅ"],
  ["japanese/mixed", "私は東京に住んでいます。日本語の文章です。々〆ヶ"],
  ["cjk/chinese", "你好，世界！这是一段中文文本。今天天气很好。"],
  ["cjk/traditional", "繁體中文：臺灣、香港、澳門"],
  ["cjk/ext-b", "\u{20000}\u{20001}\u{2A6A5}\u{2B740}\u{2CEB0}"],
  ["cjk/compat", "豈更車 ㍿ ㈱ ㌀"],
  ["ethiopic", "ሰላም ዓለም! ኢትዮጵያ"],
  ["cherokee", "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ꭰꭱꭲ"],
  ["canadian-syllabics", "ᐊᐃᐅ ᓄᓇᕗᑦ ᐃᓄᒃᑎᑐᑦ"],
  ["mongolian", "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ"],
  ["tifinagh", "ⵜⴰⵎⴰⵣⵉⵖⵜ ⴰⵣⵓⵍ"],
  ["runic", "ᚠᚢᚦᚨᚱᚲ ᛒᛖᛗᛚ"],
  ["ogham", "\u1680ᚁᚂᚃᚄ\u1680ᚅ\u169B\u169C"],
  ["coptic", "ⲁⲃⲅ ⲀⲂⲄ ⲛⲟⲩⲧⲉ"],
  ["glagolitic", "ⰀⰁⰂ ⰰⰱⰲ"],
  ["gothic", "\u{10330}\u{10331}\u{10332} \u{10348}"],
  ["deseret", "\u{10400}\u{10401} \u{10428}\u{10429}"],
  ["adlam", "\u{1E900}\u{1E901} \u{1E922}\u{1E923}"],
  ["osage", "\u{104B0}\u{104B1} \u{104D8}\u{104D9}"],
  ["vai", "ꕙꔤ ꕉꕜꕮ"],
  ["yi", "ꆈꌠꁱꂷ"],
  ["balinese", "ᬳᬸᬭᬶᬧ᭄"],
  ["javanese", "ꦲꦤꦕꦫꦏ"],
  ["cuneiform", "\u{12000}\u{12001}\u{12002}"],
  ["egyptian", "\u{13000}\u{13001}\u{13002}"],
  ["braille", "⠓⠑⠇⠇⠕ ⠺⠕⠗⠇⠙"],
];

// [name, character]
export const WHITESPACE = [
  ["space", " "],
  ["tab", "\t"],
  ["lf", "\n"],
  ["crlf", "\r\n"],
  ["cr", "\r"],
  ["vt", "\v"],
  ["ff", "\f"],
  ["nel", "\u0085"],
  ["nbsp", "\u00A0"],
  ["ogham-space", "\u1680"],
  ["en-quad", "\u2000"],
  ["em-quad", "\u2001"],
  ["en-space", "\u2002"],
  ["em-space", "\u2003"],
  ["three-per-em", "\u2004"],
  ["four-per-em", "\u2005"],
  ["six-per-em", "\u2006"],
  ["figure-space", "\u2007"],
  ["punct-space", "\u2008"],
  ["thin-space", "\u2009"],
  ["hair-space", "\u200A"],
  ["line-sep", "\u2028"],
  ["para-sep", "\u2029"],
  ["nnbsp", "\u202F"],
  ["mmsp", "\u205F"],
  ["ideographic-space", "\u3000"],
  // Not White_Space in Unicode, but often confused with it:
  ["zwsp-not-ws", "\u200B"],
  ["zwnj-not-ws", "\u200C"],
  ["zwj-not-ws", "\u200D"],
  ["wj-not-ws", "\u2060"],
  ["bom-not-ws", "\uFEFF"],
  ["mvs-not-ws", "\u180E"],
  ["fs-control", "\u001C"],
  ["us-control", "\u001F"],
];

// [name, digit characters]
export const DIGIT_SETS = [
  ["ascii", "0123456789"],
  ["arabic-indic", "٠١٢٣٤٥٦٧٨٩"],
  ["ext-arabic-indic", "۰۱۲۳۴۵۶۷۸۹"],
  ["devanagari", "०१२३४५६७८९"],
  ["bengali", "০১২৩৪৫৬৭৮৯"],
  ["thai", "๐๑๒๓๔๕๖๗๘๙"],
  ["tibetan", "༠༡༢༣༤༥༦༧༨༩"],
  ["fullwidth", "０１２３４５６７８９"],
  ["math-bold", "\u{1D7CE}\u{1D7CF}\u{1D7D0}\u{1D7D1}\u{1D7D2}\u{1D7D3}\u{1D7D4}\u{1D7D5}\u{1D7D6}\u{1D7D7}"],
  ["nl-roman", "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"],
  ["nl-roman-small", "ⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹ"],
  ["nl-other", "〇〡〢〣ᛮᛯᛰ\u{10140}\u{10141}\u{12400}"],
  ["no-superscript", "⁰¹²³⁴⁵⁶⁷⁸⁹"],
  ["no-subscript", "₀₁₂₃₄₅₆₇₈₉"],
  ["no-fractions", "½⅓¼⅕⅙⅛¾⅜⅝⅞"],
  ["no-circled", "①②③④⑤⑥⑦⑧⑨⑩"],
  ["no-parenthesized", "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽"],
  ["no-dingbat", "❶❷❸❹❺❻❼❽❾❿"],
  ["no-other", "௰௱௲፩፪፫\u{10107}\u{10108}"],
];

export const CONTRACTION_WORDS = [
  "he's", "HE'S", "He'S", "it's", "IT'S", "don't", "DON'T", "don'T", "we're", "WE'RE", "We'Re",
  "we've", "WE'VE", "we'Ve", "she'll", "SHE'LL", "she'Ll", "I'd", "I'D", "I'm", "I'M",
  "'s", "'S", "'t", "'T", "'re", "'RE", "'rE", "'ve", "'VE", "'Ve", "'ll", "'LL", "'lL", "'d", "'D",
  "'m", "'M", "''s", "'''", "'sss", "'llama", "'dog", "'mmm", "'reef", "'veal", "'tis",
  "rock'n'roll", "o'clock", "y'all", "ma'am", "'90s", "'9", "'", "' s", "'\ns",
  "it’s", "don’t", "we‘re", "it`s", "it\u02BCs", "it\u0301's",
  "'ſ", "it'ſ", "'\u017FT", "'K", "'\u212A", "it'\u212A", "'ﬅ", "'Ｓ", "'ß", "'İ", "'ı", "'LL'S",
  "x'sy", "1's", "!'s", " 's", "\t's", "\n's", "é's", "É'S", "日本's", "ǅ's", "ʰ'd",
  "a'b'c'd", "'s's's", "'re're", "can't've", "y'all'd've",
];

export const EMOJI = [
  ["basic", "😀😃😄😁😆"],
  ["text-emoji", "I ❤️ NY 🗽 and 🍕!"],
  ["zwj-family", "👨\u200D👩\u200D👧\u200D👦"],
  ["zwj-technologist", "🧑🏻\u200D💻"],
  ["zwj-rainbow-flag", "🏳️\u200D🌈"],
  ["zwj-couple", "👩\u200D❤️\u200D💋\u200D👨"],
  ["flags", "🇺🇸🇫🇷🇯🇵🇩🇪🇧🇷"],
  ["flag-single-ri", "🇺 🇸"],
  ["flag-tag-scotland", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"],
  ["skin-tones", "👍🏻👍🏼👍🏽👍🏾👍🏿 👋🏿"],
  ["keycaps", "1️⃣ #️⃣ *️⃣"],
  ["variation-selectors", "☺︎ ☺️ ✌︎ ✌️"],
  ["emoji-words", "hello🙂world 🎉party🎉 🚀launch"],
  ["emoji-run", "🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥"],
  ["emoji-spaces", " 😀  😀\n😀\t😀 "],
  ["symbols", "☃★☆♠♣♥♦✓✗⚡⌘⌥"],
  ["mahjong-cards", "🀄🃏🂡"],
];

export const COMBINING = [
  ["acute-decomposed", "e\u0301 cafe\u0301 re\u0301sume\u0301"],
  ["stacked", "a\u0300\u0301\u0302\u0303\u0304"],
  ["zalgo", "Z\u0334\u0321a\u0337l\u0338g\u0336o\u0335"],
  ["leading-mark", "\u0301abc"],
  ["mark-after-space", "x \u0301y"],
  ["mark-after-digit", "1\u20E3 2\u0301"],
  ["mark-after-punct", "!\u0301 ?\u0308"],
  ["mark-alone", "\u0301"],
  ["marks-run", "\u0300\u0301\u0302\u0303"],
  ["enclosing", "a\u20DD b\u20DE"],
  ["devanagari-virama", "क्‍ष क्ष स्त्र"],
  ["thai-marks", "กิ่ก้ก๊ก๋"],
  ["hebrew-points", "בְּ שׁ שׂ"],
  ["arabic-shadda", "شدّة"],
  ["cgj", "a\u034Fb"],
  ["variation-selector-alone", "\uFE0F\uFE0E"],
  ["spacing-marks", "\u0903\u093E\u0940"],
  ["upper-then-mark", "A\u0301B\u0301c\u0301"],
];

export const TITLE_MODIFIER = [
  ["titlecase-digraphs", "ǅemal ǈubljana ǋ ǲ"],
  ["titlecase-run", "ǅǅǅ ǈǈ"],
  ["titlecase-mixed", "aǅb AǅB ǄǅǆDž"],
  ["titlecase-greek", "ᾈᾉᾊ ᾼ ῌ ῼ"],
  ["modifier-letters", "ʰʱʲʳʴʵʶʷʸ"],
  ["modifier-apostrophe", "\u02BC\u02BBhawaiʻi Hawaiʻi"],
  ["modifier-circumflex", "ˆˇˈˉˊˋ"],
  ["modifier-small-caps", "ᴬᴮᴰᴱ ⁱⁿ ᵃᵇᶜ"],
  ["lm-cjk", "々〻ー ゝゞ ヽヾ"],
  ["lm-after-upper", "Aʰ ABʰc aʰB"],
  ["lo-ordinals", "ª º 1ª 2º"],
  ["lo-letters", "ƻǀǁ ǂ ǃ"],
  ["upper-lower-runs", "ABCdef GHIjklMNO pqrSTU vWxYz"],
  ["all-caps-words", "HTTP URL JSON API"],
  ["lower-then-upper", "fooBAR bazQux"],
];

export const PUNCTUATION = [
  "!!!", "?!", "...", "…", "!!!\n", "?!\n\n", "...\r\n", "--\n", ";\n\n\n", "))\n\n", "'\n",
  "// comment\n", "///\n", " //\n/", "/\n/\n", "a/b/c", "/usr/local/bin/", "http://example.com/path/to/",
  "https://x.y/z?q=1&r=2#frag", "C:\\Windows\\System32\\", "\\n\\t", "—–-", "«»‹›", "「」『』【】",
  "“quoted” ‘single’", "¡¿", "§¶†‡•", "@#$%^&*", "()[]{}<>", "::=", "->", "=>", "!==", "<=>",
  " ...\n", " !!!", "  !!", "\t!", "\n!", "!\r\n\r\n", ".\n/", "!/\n", "/!\n", ",/,\n", "/*\n*/",
  "~~~", "___", "___init___", "**bold**", "__dunder__", "#!/bin/sh\n", "$ ", "% ", "> ",
  "。、！？", "，；：", "؟،", "।॥", "።፣",
];

export const CODE = [
  ["c", "#include <stdio.h>\n\nint main(int argc, char **argv) {\n    printf(\"Hello, %s!\\n\", argv[0]);\n    return 0;\n}\n"],
  ["python", "def fib(n: int) -> int:\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\n\nif __name__ == \"__main__\":\n    print(fib(30))\n"],
  ["python-tabs", "class A:\n\tdef f(self):\n\t\treturn {'k': [1, 2, 3]}\n\t# tab-indented\n"],
  ["json", "{\n  \"name\": \"airtok\",\n  \"version\": \"0.1.0\",\n  \"tags\": [\"bpe\", \"tokenizer\"],\n  \"nested\": {\"a\": null, \"b\": true, \"c\": 1.5e-3}\n}\n"],
  ["html", "<!DOCTYPE html>\n<html lang=\"en\">\n  <head><title>Test &amp; more</title></head>\n  <body><p class=\"x\">Hi!</p></body>\n</html>\n"],
  ["shell", "#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do\n  wc -l \"$f\" | awk '{print $1}'\ndone 2>/dev/null\n"],
  ["crlf", "line one\r\nline two\r\n\r\n    indented\r\n\tTabbed\r\n"],
  ["rust", "fn main() {\n    let v: Vec<u32> = (0..10).map(|x| x * x).collect();\n    println!(\"{:?}\", v);\n}\n"],
  ["js", "const f = async (x) => {\n  if (x === undefined) throw new Error(`bad ${x}`);\n  return x?.y ?? 42;\n};\n"],
  ["sql", "SELECT id, name FROM users WHERE age >= 18 AND name LIKE '%son' ORDER BY id DESC;\n"],
  ["markdown", "# Title\n\n* item one\n* item two\n\n```py\nprint('x')\n```\n\n> quote\n"],
  ["yaml", "key: value\nlist:\n  - a\n  - b\nnested:\n    deep: 1\n"],
  ["cpp-templates", "template <typename T, std::size_t N>\nconstexpr auto sum(const std::array<T, N>& a) -> T {\n    return std::accumulate(a.begin(), a.end(), T{});\n}\n"],
  ["regex", "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$"],
  ["minified", "function(a,b){return a+b}var x=[1,2,3].map(function(y){return y*2});"],
  ["trailing-ws", "x = 1    \n\ny = 2\t\t\n   \n"],
  ["deep-indent", "                                if (x) {\n                                    return;\n                                }\n"],
];

const ENGLISH_WORDS = (
  "the of and to in is was that for on are with as his they be at one have this from or had by " +
  "word but what some we can out other were all there when up use your how said an each which she " +
  "do their time if will way about many then them write would like so these her long make thing see " +
  "him two has look more day could go come did number sound no most people my over know water than " +
  "call first who may down side been now find any new work part take get place made live where after " +
  "back little only round man year came show every good me give our under name very through just form " +
  "sentence great think say help low line differ turn cause much mean before move right boy old too " +
  "same tell does set three want air well also play small end put home read hand port large spell add " +
  "even land here must big high such follow act why ask men change went light kind off need house " +
  "picture try us again animal point mother world near build self earth father tokenizer encoding byte"
).split(" ");

const OTHER_WORDS = [
  "über", "naïve", "café", "façade", "jalapeño", "smörgåsbord", "Straße", "déjà", "coöperate",
  "Москва", "привет", "Ελλάδα", "λόγος", "שלום", "مرحبا", "नमस्ते", "বাংলা", "தமிழ்", "ไทย",
  "東京", "中文", "한국어", "カタカナ", "ひらがな", "ქართული", "Հայերեն", "ኢትዮጵያ", "ǅemal",
];

export const SPECIAL_LIKE = [
  "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>",
  "<|startoftext|>", "<|return|>", "<|constrain|>", "<|channel|>", "<|start|>", "<|end|>",
  "<|message|>", "<|call|>", "<|reserved_200000|>", "<|reserved_200018|>", "<|reserved_201087|>",
  "<|endoftext|", "<|endoftext>", "<|ENDOFTEXT|>", "<| endoftext |>", "<|im_start|>",
];

/** English-like prose of roughly `n` characters. */
export function prose(rng, n) {
  let out = "";
  let sentenceStart = true;
  while (out.length < n) {
    let w = rng.chance(0.06) ? rng.pick(OTHER_WORDS) : rng.pick(ENGLISH_WORDS);
    if (sentenceStart) w = w[0].toUpperCase() + w.slice(1);
    if (rng.chance(0.03)) w = String(rng.range(0, 99999));
    if (rng.chance(0.02)) w = w + "'s";
    out += w;
    sentenceStart = false;
    const r = rng.int(100);
    if (r < 6) { out += ". "; sentenceStart = true; }
    else if (r < 9) out += ", ";
    else if (r < 10) { out += ".\n\n"; sentenceStart = true; }
    else if (r < 11) { out += "? "; sentenceStart = true; }
    else out += " ";
  }
  return out;
}

/** Code-like text of roughly `n` characters. */
export function codeText(rng, n) {
  let out = "";
  while (out.length < n) {
    const [, snippet] = rng.pick(CODE);
    out += snippet;
    if (rng.chance(0.3)) out += "\n";
  }
  return out;
}

/** Mixed-script text of roughly `n` characters. */
export function mixedText(rng, n) {
  let out = "";
  while (out.length < n) out += randomFragment(rng);
  return out;
}

function codePointOf(rng, lo, hi) {
  return String.fromCodePoint(rng.range(lo, hi));
}

// Ranges of assigned, non-surrogate code points from many categories (sampled for randomness).
const RANDOM_RANGES = [
  [0x20, 0x7e], [0xa0, 0x17f], [0x180, 0x24f], [0x250, 0x2ff], [0x300, 0x36f], [0x370, 0x3ff],
  [0x400, 0x4ff], [0x531, 0x587], [0x5d0, 0x5ea], [0x620, 0x64a], [0x660, 0x669], [0x900, 0x97f],
  [0x980, 0x9ff], [0xe01, 0xe5b], [0x10a0, 0x10ff], [0x1100, 0x11ff], [0x1e00, 0x1eff],
  [0x1f00, 0x1fff], [0x2000, 0x206f], [0x2070, 0x209f], [0x20a0, 0x20c0], [0x2100, 0x218b],
  [0x2190, 0x23ff], [0x2460, 0x24ff], [0x2500, 0x27bf], [0x3000, 0x303f], [0x3040, 0x30ff],
  [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfb00, 0xfb4f], [0xfe30, 0xfe4f],
  [0xff00, 0xffef], [0x10330, 0x1034a], [0x10400, 0x1044f], [0x1d400, 0x1d7ff], [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x20000, 0x2a6df], [0xe0020, 0xe007f],
];

/** One random fragment of text (a word, number, whitespace run, emoji, ...). */
export function randomFragment(rng, { specials = SPECIAL_LIKE, specialRate = 0.02 } = {}) {
  const r = rng.int(1000);
  if (r < specialRate * 1000) return rng.pick(specials);
  const k = rng.int(20);
  switch (k) {
    case 0: case 1: case 2: return rng.pick(ENGLISH_WORDS) + " ";
    case 3: return " " + rng.pick(OTHER_WORDS);
    case 4: {
      const [, s] = rng.pick(SCRIPTS);
      const a = rng.int(s.length);
      return Array.from(s).slice(a, a + rng.range(1, 12)).join("");
    }
    case 5: {
      const ws = rng.pick(WHITESPACE)[1];
      return ws.repeat(rng.range(1, 4));
    }
    case 6: return rng.pick([" ", "  ", "\n", "\n\n", "\t", " \n", "\r\n", "   "]);
    case 7: {
      const [, d] = rng.pick(DIGIT_SETS);
      const ds = Array.from(d);
      let s = "";
      const n = rng.range(1, 10);
      for (let i = 0; i < n; i++) s += rng.pick(ds);
      return s;
    }
    case 8: return String(rng.range(0, 1e6));
    case 9: return rng.pick(PUNCTUATION);
    case 10: return rng.pick(CONTRACTION_WORDS);
    case 11: return rng.pick(EMOJI)[1];
    case 12: return rng.pick(COMBINING)[1];
    case 13: return rng.pick(TITLE_MODIFIER)[1];
    case 14: {
      const [lo, hi] = rng.pick(RANDOM_RANGES);
      let s = "";
      const n = rng.range(1, 6);
      for (let i = 0; i < n; i++) s += codePointOf(rng, lo, hi);
      return s;
    }
    case 15: return rng.pick(["'", "'s", "'S", "'ll", "'Ve", "'ſ", "’"]);
    case 16: {
      const [, c] = rng.pick(CODE);
      const a = rng.int(c.length);
      return c.slice(a, a + rng.range(1, 30));
    }
    case 17: return rng.pick(["/", "//", "\n/", "!\n", "?\r\n", ".\n\n", ")\n", "/\n"]);
    case 18: {
      const L = rng.pick(["A", "a", "Z", "é", "É", "ǅ", "ʰ", "Σ", "ς", "日"]);
      return L.repeat(rng.range(1, 5));
    }
    default: return rng.pick(ENGLISH_WORDS);
  }
}

/** A random mixed string of 1..maxFragments fragments (surrogate-free by construction). */
export function randomText(rng, { maxFragments = 12, specials, specialRate } = {}) {
  let s = "";
  const n = rng.range(1, maxFragments);
  for (let i = 0; i < n; i++) s += randomFragment(rng, { specials, specialRate });
  return s;
}
