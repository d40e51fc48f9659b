# ruff: noqa: E501  (templates read best on one line each)
"""Templates rendered by both Go and Python in the differential test, over `DATA` unless a case
brings its own data. Each line is a construct, a trim rule, a quirk or an error case."""

from __future__ import annotations

from typing import Any

DATA: dict[str, Any] = {
    "name": "app",
    "ns": "flux-system",
    "n": 3,
    "zero": 0,
    "f": 1.5,
    "big": 123456789.0,
    "neg": -2,
    "t": True,
    "fl": False,
    "s": "Hello, World",
    "empty": "",
    "nil": None,
    "list": [1, 2, 3],
    "strs": ["b", "a", "c"],
    "mixed": [1, "a", None, 2.5, True],
    "elist": [],
    "emap": {},
    "m": {"b": 2, "a": 1, "c": {"d": "deep"}},
    "html": "<a href='x'>&\"</a>",
    "multi": "line1\nline2",
    "uni": "héllo wörld ß",
    "ver": "1.2.3",
    "AutomationObject": {"Name": "auto", "Namespace": "flux-system"},
    "Changed": {
        "FileChanges": {
            "deploy/app.yaml": {
                "Deployment/flux-system/app": [
                    {"OldValue": "ghcr.io/org/app:1.0.0", "NewValue": "ghcr.io/org/app:1.1.0", "Setter": "s1"}
                ]
            },
            "deploy/worker.yaml": {
                "CronJob/flux-system/worker": [
                    {"OldValue": "worker:0.1", "NewValue": "worker:0.2", "Setter": "s2"},
                    {"OldValue": "side:1", "NewValue": "side:2", "Setter": "s3"},
                ]
            },
        },
        "Objects": {
            "Deployment/flux-system/app": [
                {"OldValue": "ghcr.io/org/app:1.0.0", "NewValue": "ghcr.io/org/app:1.1.0", "Setter": "s1"}
            ],
            "CronJob/flux-system/worker": [
                {"OldValue": "worker:0.1", "NewValue": "worker:0.2", "Setter": "s2"},
                {"OldValue": "side:1", "NewValue": "side:2", "Setter": "s3"},
            ],
        },
        "Changes": [
            {"OldValue": "ghcr.io/org/app:1.0.0", "NewValue": "ghcr.io/org/app:1.1.0", "Setter": "s1"},
            {"OldValue": "worker:0.1", "NewValue": "worker:0.2", "Setter": "s2"},
        ],
    },
}

FLUX_DEFAULT = "Update from image update automation"

FLUX_EXAMPLE = """Automated image update

Automation name: {{ .AutomationObject.Namespace }}/{{ .AutomationObject.Name }}

Files:
{{ range $filename, $_ := .Changed.FileChanges -}}
- {{ $filename }}
{{ end -}}

Objects:
{{ range $resource, $changes := .Changed.Objects -}}
- {{ $resource }}
  Changes:
{{- range $_, $change := $changes }}
    - {{ $change.OldValue }} -> {{ $change.NewValue }}
{{ end -}}
{{ end -}}
"""

FLUX_CHANGES = """{{- range .Changed.Changes }}
- {{ .OldValue }} -> {{ .NewValue }} ({{ .Setter }})
{{- end }}"""

TEMPLATES: list[str] = [
    FLUX_DEFAULT,
    FLUX_EXAMPLE,
    FLUX_CHANGES,
    "",
    "plain text",
    "{{.name}}",
    "{{ .name }}",
    "{{.AutomationObject.Name}}",
    "{{.m.c.d}}",
    "{{.m.missing}}",
    "{{.missing}}",
    "{{.missing.deeper}}",
    "{{.nil}}",
    "{{.nil.x}}",
    "{{.name.x}}",
    "{{.}}",
    "{{.list}}",
    "{{.m}}",
    "{{.mixed}}",
    "{{.f}} {{.big}} {{.neg}} {{.zero}} {{.t}} {{.fl}}",
    # comments and trimming
    "a{{/* a comment */}}b",
    "a {{- /* trimmed */ -}} b",
    "a{{/* bad */ }}b",
    "a{{ /* spaced */ }}b",
    "a{{/* unclosed",
    "x  \n {{- .name}}",
    "{{.name -}}  \n  y",
    "x {{- .name -}} y",
    "x {{-.n}} y",
    "x {{-3}} y",
    "x {{3 -}} y",
    "x {{3-}} y",
    "x\t{{-\t.n\t-}}\ty",
    "x\n{{-\n.n\n-}}\ny",
    "a\r\n{{- .n}}",
    "{{- .n -}}",
    "a {{- if true}} b {{- end}} c",
    "a {{- if true -}} b {{- end -}} c",
    "{{ range .list -}} {{.}} {{- end }}",
    # pipelines and variables
    '{{.name | printf "%s!"}}',
    "{{.s | lower | upper}}",
    "{{$x := .name}}{{$x}}",
    "{{$x := 1}}{{$x = 2}}{{$x}}",
    "{{$x := 1}}{{if true}}{{$x = 3}}{{end}}{{$x}}",
    "{{$x := 1}}{{if true}}{{$x := 3}}{{$x}}{{end}}{{$x}}",
    "{{$}}",
    "{{$.name}}",
    "{{with .m}}{{$.name}}{{.a}}{{end}}",
    "{{$y}}",
    "{{$x = 1}}",
    "{{$x := .m}}{{$x.a}} {{$x.c.d}}",
    '{{(index .m "c").d}}',
    "{{(.m).a}}",
    '{{ (printf "%d" 3) }}',
    '{{ printf "%s-%s" (upper .name) (lower "X") }}',
    '{{ .name | printf "%s %s" "a" }}',
    '{{ 3 | printf "%d %d" 4 }}',
    '{{ "x" | .name }}',
    "{{ .name 1 }}",
    "{{ 1 2 }}",
    "{{ nil }}",
    '{{ printf "%v" nil }}',
    '{{ "a" | "b" }}',
    "{{ .name | 3 }}",
    # constants
    "{{1}} {{-1}} {{+1}} {{1.5}} {{1e3}} {{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{'a'}} {{'\\n'}}",
    "{{0x1p4}} {{.5}} {{1.}} {{-0}} {{1E2}}",
    '{{"quoted\\t\\"str\\""}} {{`raw\\n`}} {{"\\u00e9\\x41"}}',
    "{{ 99999999999999999999 }}",
    "{{ 1e400 }}",
    "{{ 1__0 }}",
    "{{ 0x }}",
    "{{ 'ab' }}",
    '{{ "unterminated }}',
    "{{ `raw\nmultiline` }}",
    "{{true}} {{false}}",
    '{{printf "%T %T %T %T %T" 1 1.0 "s" true \'x\'}}',
    # if / else
    "{{if .t}}yes{{end}}",
    "{{if .fl}}yes{{else}}no{{end}}",
    "{{if .zero}}a{{else if .n}}b{{else}}c{{end}}",
    "{{if .empty}}a{{else if .elist}}b{{else if .emap}}c{{else if .nil}}d{{else}}e{{end}}",
    "{{if .list}}L{{end}}{{if .m}}M{{end}}{{if .s}}S{{end}}{{if .f}}F{{end}}{{if .neg}}N{{end}}",
    "{{if .missing}}a{{else}}b{{end}}",
    "{{if}}x{{end}}",
    "{{if .t}}x",
    "{{else}}",
    "{{end}}",
    "{{if .t}}x{{else}}y{{else}}z{{end}}",
    "{{if .t}}x{{end}}{{end}}",
    "{{if $v := .n}}{{$v}}{{end}}",
    "{{if $v := .n}}{{end}}{{$v}}",
    # with
    "{{with .m}}{{.a}}{{end}}",
    "{{with .missing}}x{{else}}none{{end}}",
    "{{with .empty}}x{{else with .name}}{{.}}{{end}}",
    "{{with $v := .name}}{{$v}}{{.}}{{end}}",
    "{{with .Changed}}{{range .Changes}}{{.Setter}} {{end}}{{end}}",
    # range
    "{{range .list}}{{.}},{{end}}",
    "{{range $i, $v := .strs}}{{$i}}:{{$v}} {{end}}",
    "{{range $v := .strs}}{{$v}}{{end}}",
    "{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}",
    "{{range .m}}{{.}};{{end}}",
    "{{range .elist}}x{{else}}empty{{end}}",
    "{{range .emap}}x{{else}}empty map{{end}}",
    "{{range .missing}}x{{else}}nothing{{end}}",
    "{{range .nil}}x{{else}}nil{{end}}",
    "{{range .name}}x{{end}}",
    "{{range .n}}{{.}}{{end}}",
    "{{range $i := 4}}{{$i}}{{end}}",
    "{{range $i, $v := 4}}{{$i}}{{end}}",
    "{{range .list}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}",
    "{{range .list}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}",
    "{{break}}",
    "{{range .list}}{{break 1}}{{end}}",
    "{{range .list}}{{range $.strs}}{{.}}{{end}};{{end}}",
    "{{range $i, $e := .list}}{{range $j, $f := $.strs}}{{$i}}{{$j}}{{$f}} {{end}}{{end}}",
    "{{$x := 0}}{{range .list}}{{$x = .}}{{end}}{{$x}}",
    "{{range $x = .list}}{{end}}",
    "{{$v := 0}}{{range $v = .list}}{{end}}{{$v}}",
    "{{range $a, $b, $c := .list}}{{end}}",
    "{{range .mixed}}[{{.}}]{{end}}",
    '{{range .mixed}}[{{printf "%v" .}}]{{end}}',
    "{{range .list}}{{.}}{{else}}{{end}}",
    "{{range $i, $v := .m.c}}{{$i}}{{$v}}{{end}}",
    # define / template / block
    '{{define "x"}}X{{.}}{{end}}{{template "x" .name}}',
    '{{define "x"}}X{{end}}{{template "x"}}',
    '{{template "nope"}}',
    '{{block "b" .n}}B{{.}}{{end}}',
    '{{define "x"}}{{$}}{{end}}{{template "x" .m.a}}',
    '{{define "x"}}a{{end}}{{define "x"}}b{{end}}',
    '{{define "msg"}}override{{end}}',
    'text{{define "msg"}}override{{end}}',
    '{{define "x"}}{{$y}}{{end}}',
    '{{define "l"}}{{range .}}<{{.}}>{{end}}{{end}}{{template "l" .strs}}',
    "{{template .name}}",
    "{{define x}}{{end}}",
    # functions: builtins
    '{{len .list}} {{len .s}} {{len .m}} {{len .uni}} {{len ""}}',
    "{{len .n}}",
    "{{len .missing}}",
    '{{index .list 1}} {{index .m "a"}} {{index .m "c" "d"}} {{index .s 0}}',
    "{{index .list 5}}",
    "{{index .list -1}}",
    "{{index .m 1}}",
    '{{index .m "zz"}}',
    "{{index .n 1}}",
    "{{index .list}}",
    "{{slice .list 1}} {{slice .list 0 2}} {{slice .list 1 1}}",
    "{{slice .list 2 1}}",
    "{{not .t}} {{not .zero}} {{not .empty}} {{not .missing}}",
    '{{and 1 2}} {{and 0 2}} {{or 0 ""}} {{or 0 "x"}} {{and .t .n}} {{or .nil .name}}',
    "{{and .fl (index .list 10)}}",
    "{{or .t (index .list 10)}}",
    "{{and .t (index .list 10)}}",
    "{{and}}",
    '{{print "a" 1 2 "b" "c" 3.5 true nil}}',
    '{{println "a" 1 nil}}',
    "{{print}}{{println}}",
    "{{print .list .m}}",
    '{{printf "%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%b|%c|%q|%U" 42 42 42 -42 42 255 255 8 5 65 65 65}}',
    '{{printf "%s|%q|%v|%10s|%-10s|%.2s|%x|% x" "héllo" "a\\"b" "v" "r" "l" "abc" "hi" "hi"}}',
    '{{printf "%f|%.2f|%8.3f|%e|%g|%v|%G|%E" 3.14159 3.14159 3.14159 1234.5678 0.00001234 2.5 1e30 1e-7}}',
    '{{printf "%t|%v|%s" true false true}}',
    '{{printf "%v|%+v|%d|%s" .m .m .list .strs}}',
    '{{printf "%v %v" .nil .missing}}',
    '{{printf "%d"}}|{{printf "%d %d" 1}}|{{printf "%d" 1 2}}|{{printf "%!"}}|{{printf "100%%"}}',
    '{{printf "%*d|%-*d|%.*f" 5 1 4 2 2 3.14159}}',
    '{{printf "%s" 1}} {{printf "%d" "x"}} {{printf "%t" 1}} {{printf "%x" 1.5}}',
    "{{printf 1}}",
    '{{printf "%v" .AutomationObject}}',
    '{{printf "%#v|%#v|%#v|%#v|%#v" .list .m 1.0 .nil true}}',
    '{{printf "%q" .strs}}',
    '{{printf "%6.2v|%08.3f|%+.1e|%#x|%#o|%#v" 3.14159 -3.14159 12345.678 255 8 "s"}}',
    '{{eq 1 1}} {{eq 1 2}} {{eq "a" "a"}} {{eq .n 3}} {{eq .name "app"}} {{eq 1 2 3 1}}',
    '{{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}} {{lt "a" "b"}} {{lt 1.5 2.5}}',
    '{{eq 1 "a"}}',
    "{{lt 1 1.5}}",
    "{{lt true false}}",
    "{{eq .list .list}}",
    "{{eq .missing 1}} {{eq .nil nil}} {{ne .missing 1}}",
    "{{lt .missing 1}}",
    "{{eq 1}}",
    "{{eq .t true}} {{eq .f 1.5}}",
    '{{html .html}} {{js .html}} {{urlquery "a b&c=d/é"}}',
    '{{html 1 2 "<"}}',
    '{{js "line\\nbreak\\t="}}',
    "{{call .name}}",
    "{{nofunc 1}}",
    "{{.name | nofunc}}",
    # sprig
    '{{upper .s}} {{lower .s}} {{title "hello world-foo bar_baz"}} {{untitle "Hello"}} {{trim "  x  "}}',
    '{{replace "o" "0" .s}} {{contains "World" .s}} {{hasPrefix "He" .s}} {{hasSuffix "x" .s}}',
    '{{repeat 3 "ab"}} {{substr 1 4 .s}} {{trunc 5 .s}} {{trunc -5 .s}} {{abbrev 8 .s}}',
    '{{abbrevboth 5 10 "1234567890abcdefghij"}} {{abbrev 3 .s}}',
    '{{quote .name 1 nil}} {{squote .name 2}} {{cat "a" 1 nil "b"}}',
    "{{indent 2 .multi}}|{{nindent 4 .multi}}",
    '{{splitList "," "a,b,,c"}} {{join "-" .strs}} {{join "," .list}}',
    '{{(split "/" "a/b/c")._1}} {{splitn "/" 2 "a/b/c"}}',
    "{{toString 1}} {{toString .f}} {{toString nil}} {{toString .list}}",
    '{{default "dflt" .missing}} {{default "dflt" .empty}} {{default "dflt" .name}} {{.missing | default "d"}}',
    "{{empty .empty}} {{empty .list}} {{empty .zero}} {{empty .m}} {{empty .nil}}",
    '{{coalesce .empty .zero .name}} {{coalesce}} {{ternary "y" "n" .t}} {{ternary "y" "n" false}}',
    '{{list 1 "a" 2.5}} {{dict "k" "v" "n" 1}} {{get .m "a"}} {{get .m "zz"}} {{hasKey .m "a"}}',
    '{{$d := dict "a" 1}}{{$_ := set $d "b" 2}}{{$d}} {{unset $d "a"}}',
    '{{keys .m | sortAlpha}} {{pluck "a" .m (dict "a" 9)}}',
    "{{first .list}} {{last .list}} {{rest .list}} {{initial .list}} {{first .elist}}",
    '{{uniq (list 1 2 1 "a" "a")}} {{sortAlpha .strs}} {{append .list 4}} {{prepend .list 0}}',
    '{{concat .list .strs}} {{reverse .list}} {{without .list 2}} {{has 2 .list}} {{compact (list 0 1 "" 2)}}',
    "{{add 1 2 3}} {{sub 5 2}} {{mul 2 3 4}} {{div 7 2}} {{mod 7 3}} {{add1 .n}} {{max 1 5 3}} {{min 4 2 8}}",
    "{{div -7 2}} {{mod -7 2}}",
    "{{div 1 0}}",
    '{{atoi "42"}} {{atoi "x"}} {{int "12"}} {{int64 .f}} {{float64 "1.5"}} {{int .f}} {{float64 .n}}',
    "{{addf 1.5 2}} {{subf 5 1.25}} {{mulf 1.5 2}} {{divf 1 3}} {{maxf 1 2.5}} {{minf 1 2.5}}",
    "{{floor 1.7}} {{ceil 1.2}} {{round 3.14159 2}} {{round 2.5 0}}",
    "{{until 3}} {{untilStep 0 10 3}} {{seq 3}} {{seq 2 5}} {{seq 10 -3 1}}",
    "{{toJson .m}} {{toJson .list}} {{toJson .html}} {{toRawJson .html}} {{toJson .f}}",
    "{{toPrettyJson .m}}",
    "{{toJson .Changed.Changes}}",
    '{{(fromJson "{\\"a\\": 1}").a}} {{fromJson "[1,2]"}}',
    '{{b64enc "hello"}} {{b64dec "aGVsbG8="}} {{b64dec "!!"}} {{b32enc "hi"}}',
    '{{sha256sum "abc"}} {{sha1sum "abc"}} {{adler32sum "abc"}}',
    '{{regexMatch "^[a-z]+$" .name}} {{regexMatch "[" .name}} {{regexFindAll "[0-9]" "a1b2c3" -1}} {{regexFindAll "[0-9]" "a1b2c3" 2}}',
    '{{regexReplaceAll "(\\\\w+):(\\\\d+)" "app:1 web:22" "${2}-$1"}} {{regexReplaceAllLiteral "a" "banana" "$1"}}',
    '{{regexFind "\\\\d+" "abc123def"}} {{regexSplit "," "a,b,c" -1}} {{regexSplit "," "a,b,c" 2}} {{regexQuoteMeta "a.b*c"}}',
    '{{mustRegexMatch "[" "x"}}',
    '{{semverCompare ">=1.2.0" .ver}} {{semverCompare "~1.1" .ver}} {{semverCompare "^2" "2.5.0"}}',
    '{{semverCompare "bad" .ver}}',
    '{{base "/a/b.txt"}} {{dir "/a/b.txt"}} {{ext "b.tar.gz"}} {{clean "a//b/../c/"}} {{isAbs "/x"}}',
    '{{typeOf 1}} {{typeOf .list}} {{typeOf .m}} {{typeOf (add 1 1)}} {{kindOf .s}} {{kindIs "map" .m}}',
    "{{deepEqual .list .list}} {{deepEqual (list 1) (list 2)}}",
    '{{nospace "a b\\tc"}} {{initials "hello big world"}} {{swapcase "Hello"}} {{plural "one" "many" 2}}',
    '{{trimAll "$" "$$5$"}} {{trimSuffix ".yaml" "a.yaml"}} {{trimPrefix "v" "v1.2"}}',
    '{{dig "c" "d" "none" .m}} {{dig "c" "x" "none" .m}}',
    "{{chunk 2 .list}} {{slice .list 1}} {{hello}}",
    '{{fail "boom"}}',
    '{{repeat (add 1 2) "x"}}',
    '{{repeat 2.0 "x"}}',
    '{{repeat 2.5 "x"}}',
    '{{repeat "2" "x"}}',
    "{{upper 1}}",
    "{{upper .missing}}",
    "{{upper .nil}}",
    "{{upper}}",
    '{{upper "a" "b"}}',
    '{{ternary 1 2 "x"}}',
    '{{get .list "a"}}',
    "{{first .name}}",
    "{{lt 1 (add 1 1)}} {{eq (add 1 1) 2}}",
    "{{len (list)}} {{len (dict)}}",
    "{{.name | upper | repeat 2}}",
    "{{.Changed.FileChanges | len}} files",
    "{{range $f, $objs := .Changed.FileChanges}}{{$f}}: {{range $o, $cs := $objs}}{{$o}} x{{len $cs}} {{end}}\n{{end}}",
    # syntax errors
    "{{",
    "{{}}",
    "{{ }}",
    "{{.name",
    "{{.name}",
    "}}",
    "{{ ( }}",
    "{{ ) }}",
    "{{ (1 }}",
    "{{ .a..b }}",
    "{{ .a.b. }}",
    "{{ $x := }}",
    "{{ $x := 1 2 }}",
    "{{ := 1 }}",
    "{{ | upper }}",
    "{{ .name | }}",
    "{{ @ }}",
    '{{ "a".b }}',
    "{{ 1.b }}",
    "{{ nil.x }}",
    "{{ .x.y\n.z }}",
    "{{range}}{{end}}",
    "{{with}}{{end}}",
    "{{range .list}}{{else if .t}}{{end}}",
    "{{if .t}}{{else with .m}}{{end}}",
    "{{with .m}}{{else if .t}}a{{end}}",
    "{{template}}",
    '{{template "x" 1 2}}',
    '{{define "x"}}',
    '{{end "x"}}',
    "{{ $x, $y := .list }}",
    "{{ .name\n}}",
    "{{\n.name\n}}",
    "a\n{{\n  if .t\n}}yes{{ end }}\n",
    "{{ 'x }}",
    '{{ "\\q" }}',
    "{{ `unterminated }}",
    "{{ .name }}{{ if }}",
    "{{ - 3 }}",
    "{{ .a-b }}",
    "{{ $ }}",
    "{{ $.}}",
    "{{ . }}",
    "{{ .Changed.Changes.OldValue }}",
    "{{ (index .Changed.Changes 0).OldValue }}",
]

#: Sprig functions and fmt verbs at their edges, one line each.
SPRIG_LINES = r"""
{{title "hello WORLD o'neil x-ray 3d élan"}}
{{title "ab\tcd\ne"}}
{{upper "straße"}} {{lower "ÀÉÎ"}}
{{untitle "ABC"}} {{untitle ""}}
{{trim "\t\n x \v\f"}} {{trim "\u00a0x\u00a0"}}
{{abbrev 4 "abcdefg"}} {{abbrev 10 "abc"}} {{abbrev 5 "héllo world"}}
{{abbrevboth 0 5 "abcdefghij"}} {{abbrevboth 10 10 "abcdefghijklmnopqrstuvwxyz"}} {{abbrevboth 1 6 "abcdefghij"}}
{{trunc 0 "abc"}} {{trunc 100 "abc"}} {{trunc -100 "abc"}} {{trunc 2 "héllo"}}
{{substr 0 100 "abc"}} {{substr -1 2 "abc"}} {{substr 2 1 "abc"}}
{{substr 5 6 "abc"}}
{{repeat 0 "x"}} {{repeat -1 "x"}}
{{trimAll "ab" "abcba"}} {{trimall "" "x"}} {{trimSuffix "" "x"}} {{trimPrefix "abc" "ab"}}
{{nospace " a\u00a0b\u2003c "}} {{initials "  the quick  brown "}} {{initials ""}}
{{swapcase "HeLLo wORLD ß"}}
{{quote "a\"b" "\n" 1 2.5 true (list 1)}} {{squote nil "x" 1}} {{quote}}
{{cat}} {{cat nil}} {{cat 1 2.5 "x" (list 1 "a")}}
{{indent 0 "a\nb"}} {{indent -1 "x"}} {{nindent 2 ""}}
{{replace "" "-" "abc"}} {{replace "a" "" "banana"}}
{{plural "one" "many" 1}} {{plural "one" "many" 0}}
{{adler32sum ""}} {{sha512sum "x"}}
{{toString 1.0}} {{toString true}} {{toString (dict "a" 1)}} {{toString .missing}}
{{atoi " 1"}} {{atoi "+5"}} {{atoi "-5"}} {{atoi "1.5"}} {{atoi "99999999999999999999"}}
{{int "0x10"}} {{int "010"}} {{int "1.00"}} {{int "1.50"}} {{int true}} {{int nil}} {{int "abc"}} {{int 2.9}} {{int -2.9}}
{{int64 "12"}} {{float64 "1e3"}} {{float64 "x"}} {{float64 true}} {{float64 "0x1p3"}} {{float64 "1_000.5"}}
{{toDecimal "777"}} {{toDecimal 10}} {{toDecimal "8"}}
{{split "," ""}} {{splitList "" "abc"}} {{splitList "," ""}} {{splitn "," 0 "a,b"}} {{splitn "," -1 "a,b,c"}} {{splitn "" 2 "abc"}}
{{toStrings (list 1 nil "a" 2.5)}} {{toStrings "x"}} {{toStrings nil}}
{{until 0}} {{until -3}} {{untilStep 10 0 -3}} {{untilStep 0 10 0}} {{untilStep 0 10 -1}}
{{seq 0}} {{seq -2}} {{seq 1 1}} {{seq 5 1}} {{seq 1 2 10}} {{seq 10 2 1}} {{seq 1 0 5}} {{seq 1 2 3 4}}
{{add}} {{add 1 "2" 2.7 true nil}} {{add1 "x"}} {{sub 1 2.9}} {{mul 3}} {{mul 2 "x"}}
{{max 1}} {{max "5" 3}} {{min 1 -1.5}} {{biggest 3 7}}
{{maxf 1 "2.5" nil}} {{minf "x" 3}}
{{add1f 1.1}} {{addf}} {{addf 0.1 0.2}} {{subf 1}} {{mulf 0.1 3}} {{divf 10 4}} {{divf 2 3}} {{divf 1 7}}
{{divf 1 0}}
{{floor -1.5}} {{ceil -1.5}} {{floor "2.7"}} {{round 1.005 2}} {{round -2.5 0}} {{round 2.345 2 0.3}} {{round 1234.5678 -2}}
{{join "," nil}} {{join "," "x"}} {{join "," (list 1 nil 2)}} {{join ", " .strs}}
{{sortAlpha (list "b" 1 "a" 10 2)}} {{sortAlpha "x"}} {{sortAlpha (list "é" "e" "z" "B")}}
{{default 1 0}} {{default 1 false}} {{default 1 (list)}} {{default 1 (dict)}} {{default 1 "0"}} {{default 1}} {{default 1 2.0}} {{default 1 0.0}}
{{empty 0.0}} {{empty false}} {{empty (dict)}} {{empty "0"}} {{empty .AutomationObject}} {{empty nil}}
{{coalesce nil 0 "" false (list) "x"}} {{coalesce 0 nil}}
{{all 1 "a" true}} {{all 1 0}} {{all}} {{any 0 "" nil}} {{any 0 1}} {{any}}
{{compact (list 0 "" nil false (list) "x" 1)}}
{{ternary 1 2 true}} {{ternary (list 1) nil false}}
{{toJson nil}} {{toJson ""}} {{toJson (list)}} {{toJson (dict)}} {{toJson 1.0}} {{toJson 1e21}} {{toJson 1e-7}} {{toJson 0.000001}} {{toJson 123456789.123}} {{toJson "\u2028<>&\u0001\b\f"}}
{{toPrettyJson (list)}} {{toPrettyJson (list 1 (dict "a" (list)))}} {{toPrettyJson 1}}
{{toRawJson (dict "b" "<x>" "a" 1)}} {{mustToRawJson "<"}}
{{fromJson "1"}} {{fromJson "\"s\""}} {{fromJson "bad"}} {{fromJson "{\"a\":[1,2.5,null,true]}"}} {{(fromJson "[1]") | first | typeOf}}
{{mustFromJson "bad"}}
{{typeOf nil}} {{typeOf "x"}} {{typeOf 1.5}} {{typeOf true}} {{typeOf (splitList "," "a")}} {{typeOf (list)}} {{typeOf (dict)}} {{typeOf (int64 1)}}
{{typeIs "int" 1}} {{typeIs "string" 1}} {{typeIsLike "int" 1}} {{kindOf 1}} {{kindOf (list)}} {{kindOf nil}} {{kindIs "int" 1}} {{kindIs "slice" (list)}} {{kindOf true}} {{kindOf 1.5}}
{{deepEqual 1 1}} {{deepEqual 1 1.0}} {{deepEqual (dict "a" 1) (dict "a" 1)}} {{deepEqual nil nil}} {{deepEqual (list) (list)}}
{{base ""}} {{base "/"}} {{base "a/b/"}} {{base "//a//"}} {{dir ""}} {{dir "a"}} {{dir "/a"}} {{dir "a/b/"}} {{dir "/"}}
{{clean ""}} {{clean "/../a"}} {{clean "../../a/./b/.."}} {{clean "a/../.."}} {{ext ""}} {{ext "a.b/c"}} {{ext ".bashrc"}} {{ext "a."}} {{isAbs ""}} {{isAbs "a/b"}}
{{b64enc ""}} {{b64dec ""}} {{b64dec "aGk"}} {{b64dec "aGk=x"}} {{b32dec "NBUQ===="}} {{b32dec "x"}} {{b32enc ""}}
{{list}} {{list nil}} {{tuple 1 2}} {{dict}} {{dict "a"}} {{dict 1 2 nil 3}} {{dict "a" 1 "a" 2}}
{{get (dict) "a"}} {{get (dict "a" nil) "a"}} {{hasKey (dict) "a"}}
{{$d := dict "a" 1 "b" 2}}{{unset $d "b"}} {{set $d "c" (list 1)}} {{$d}}
{{pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3)}} {{pluck "a"}}
{{keys (dict "a" 1) (dict "a" 2 "b" 3) | sortAlpha}} {{keys}}
{{pick (dict "a" 1 "b" 2 "c" 3) "a" "c" "z"}} {{omit (dict "a" 1 "b" 2) "a"}}
{{values (dict "a" 1)}}
{{append (list) 1}} {{append .strs nil}} {{prepend (list) 1}} {{push (list 1) (list 2)}}
{{first (list)}} {{last (list)}} {{rest (list)}} {{initial (list)}} {{rest (list 1)}} {{initial (list 1)}}
{{first "abc"}}
{{first nil}}
{{reverse (list)}} {{reverse (list 1 "a" nil)}}
{{uniq (list)}} {{uniq (list nil nil 1 1.0 "1" (list 1) (list 1))}}
{{without (list 1 2 3 2) 2 3}} {{without (list) 1}} {{has nil (list nil)}} {{has 1 (list 1.0)}} {{has 1 nil}}
{{slice (list 1 2 3) 1 2}} {{slice (list)}} {{slice (list 1 2 3) "1"}} {{slice .strs 1}}
{{slice (list 1 2) 2 1}}
{{concat}} {{concat (list) (list)}} {{concat (list 1) .strs (list nil)}}
{{concat 1}}
{{dig "a" "b" "dflt" (dict "a" (dict "b" 1))}} {{dig "a" "dflt" (dict)}} {{dig "a" "b" "dflt" (dict "a" 1)}}
{{chunk 2 (list 1 2 3 4 5)}} {{chunk 3 (list)}} {{chunk 1 (list 1)}}
{{chunk 0 (list 1)}}
{{semverCompare "1.2.3" "1.2.3"}} {{semverCompare ">1.0.0 <2.0.0" "1.5.0"}} {{semverCompare "^1.2" "1.9.9"}} {{semverCompare "~1.2.3" "1.3.0"}} {{semverCompare "1.x" "1.5"}} {{semverCompare ">=1.0.0-0" "1.0.0-rc.1"}} {{semverCompare ">=1.0.0" "1.0.0-rc.1"}} {{semverCompare "1.0.0 - 2.0.0" "1.5.0"}} {{semverCompare "<1 || >2" "3.0.0"}}
{{semverCompare ">=1.0.0" "not-a-version"}}
{{regexMatch "" ""}} {{regexMatch "(?i)HELLO" "hello"}} {{regexMatch "^\\d+$" "123"}} {{regexMatch "\\p{Greek}" "\u03b1"}}
{{regexFindAll "a*" "baaab" -1}} {{regexFindAll "" "abc" -1}} {{regexFindAll "x" "abc" -1}} {{regexFindAll "." "abc" 0}}
{{regexFind "a(b)" "xabx"}} {{regexFind "z" "abc"}}
{{regexReplaceAll "a*" "baaac" "-"}} {{regexReplaceAll "" "abc" "-"}} {{regexReplaceAll "(?P<x>a)" "abc" "<$x>"}} {{regexReplaceAll "(a)" "abc" "$1x"}} {{regexReplaceAll "(a)" "abc" "${1}x"}} {{regexReplaceAll "(a)" "abc" "$$"}} {{regexReplaceAll "(a)" "abc" "$2"}} {{regexReplaceAll "(a)" "abc" "$"}}
{{regexReplaceAllLiteral "a*" "baaac" "$"}}
{{regexSplit "a*" "baaac" -1}} {{regexSplit "" "abc" -1}} {{regexSplit "x" "" -1}} {{regexSplit "," "a,b,c" 1}} {{regexSplit "," "a,b,c" 0}} {{regexSplit "," ",a," -1}} {{regexSplit "b*" "abc" 2}}
{{regexQuoteMeta "[]{}()*+?.\\^$|-#&~ x"}}
{{mustRegexFindAll "(" "x" -1}}
{{urlParse "https://user:pw@host.example:8080/p/a?q=1&r=2#frag"}}
{{html "\u0000"}} {{js "\u2028é\u0001<script>"}} {{urlquery "a+b c~d*e!"}} {{urlquery 1 2}} {{html nil}} {{js (list 1)}}
{{printf "%s" (list "a" 1)}} {{printf "%d" (list 1 "a")}} {{printf "%x" (list 10 11)}} {{printf "%q" 65}} {{printf "%c" 0x1F600}} {{printf "%U" 0x1F600}} {{printf "%#U" 65}}
{{printf "%08.3f|%-8.2f|%+8.2f|% d|% d|%+q|%#q|%#x|%# x" 3.14159 2.5 2.5 5 -5 "é" "x" "hi" "hi"}}
{{printf "%5t|%-7v|%07v|%3c|%-4q" true nil 42 65 66}}
{{printf "%.0f %.0f %.0f %.1f" 0.5 1.5 2.5 0.25}}
{{printf "%g %g %g %g %G" 100000.0 1000000.0 0.0001 0.00001 1e-10}}
{{printf "%.3g %.10g %.1g %g" 1234.5678 1.0 0.05 -0.0}}
{{printf "%e %E %.0e %.2e" 0.0 1.0 12345.0 -0.000123}}
{{printf "%v %v %v" 1e100 -1e-100 5e-324}}
{{printf "%6.2f|%-6.2f|%06.2f" -1.0 -1.0 -1.0}}
{{printf "%b %o %O %x %X" 5 8 8 -255 -255}}
{{printf "%.3d|%8.3d|%-8.3d|%08.3d|%.0d" 7 7 7 7 0}}
{{printf "%#b %#o %#X" 5 8 255}}
{{printf "%[1]d %[1]v" 5}}
{{printf "%v" (list (list 1 2) (dict "a" (list)))}}
{{printf "%s %v" .m.c .Changed.Changes}}
{{print 1.0 2.5 "a" "b" 3 (list 1) nil true}}
{{println}}{{println 1 "a" 2.5 nil}}
{{b64dec "aGk=aGk="}} {{b64dec "a==="}} {{b64dec "aG=="}} {{b64dec "aGk=\n"}} {{b64dec "aGVsbG8gd29ybGQ="}} {{b64dec "aG\r\nk="}} {{b64dec "aGk"}} {{b64dec "a"}} {{b64dec "aGk=="}}
{{printf "%[2]d %[1]d" 1 2}} {{printf "%[3]d" 1}} {{printf "%[0]d" 1}} {{printf "%[x]d" 1}} {{printf "%[1]*d" 5 1}} {{printf "%[2]*[1]d" 1 5}} {{printf "%[1]d %d" 1 2}} {{printf "%d %d %[1]d %d" 1 2}}
{{printf "%*d" "x" 1}} {{printf "%.*d" -1 5}} {{printf "%-*d|" -3 1}} {{printf "%5." 1}} {{printf "%.d" 0}} {{printf "%"}} {{printf "%!" 1}} {{printf "%ä" 1}}
{{printf "%.2s|%.1q|%5.1s|%.0s" "héllo" "héllo" "héllo" "x"}}
{{semver "v1.2.3-rc.1+b5"}} {{(semver "1.2").Major}} {{(semver "1.2.3").Minor}} {{(semver "v1.2.3-rc.1+b5").Prerelease}} {{(semver "v1.2.3-rc.1+b5").Metadata}} {{(semver "v1.2.3").Original}}
{{(semver "v1.2.3").IncMinor}} {{(semver "1.2.3-rc").IncPatch}} {{(semver "1.2.3").IncPatch}} {{(semver "1.2.3").IncMajor.Original}} {{(semver "v1.2.3").IncMajor.Original}}
{{(semver "1.2.3").Compare (semver "1.3.0")}} {{(semver "1.2.3").LessThan (semver "1.2.3-rc")}} {{(semver "1.2.3").Equal (semver "v1.2.3+x")}} {{(semver "2.0.0").GreaterThan (semver "1.9.9")}}
{{eq (semver "1.2.3").Major 1}} {{printf "%T %v %d" (semver "1.0.0").Major (semver "1.0.0").Minor (semver "3.0.0").Major}}
{{semver "bad"}}
{{semver "1.2.3-01"}}
{{typeOf (semver "1.0.0")}} {{printf "%v|%s" (semver "1.0.0") (semver "1.0.0-a")}}
{{merge (dict "a" 1 "b" (dict "x" 1)) (dict "a" 2 "c" 3 "b" (dict "y" 2))}} {{mergeOverwrite (dict "a" 1 "b" (dict "x" 1)) (dict "a" 2 "c" 3 "b" (dict "x" 9 "y" 2))}}
{{merge (dict "a" "" "b" 0 "c" (list)) (dict "a" "x" "b" 5 "c" (list 1))}} {{mergeOverwrite (dict "a" "x" "b" 5) (dict "a" "" "b" 0 "c" nil)}}
{{merge (dict "a" (list 1)) (dict "a" (list 2))}} {{mergeOverwrite (dict "a" (list 1)) (dict "a" (list 2))}} {{merge (dict) (dict "a" nil)}} {{mergeOverwrite (dict "a" 1) (dict "a" nil)}}
{{merge (dict "a" (dict)) (dict "a" (dict "b" 1))}} {{merge (dict "a" 1) (dict "a" (dict "b" 1))}} {{mergeOverwrite (dict "a" 1) (dict "a" (dict "b" 1))}} {{mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" 2)}}
{{wrap 5 "the quick brown fox jumps"}}|{{wrap 3 "abcdefgh ij"}}|{{wrapWith 4 "<br>" "abcdefghij kl"}}|{{wrap 0 "a b"}}|{{wrap 10 ""}}|{{wrap 4 "  a   b  "}}
{{urlJoin (dict "scheme" "https" "host" "example.com" "path" "/a b" "query" "x=1" "fragment" "f g")}} {{urlJoin (dict "path" "a:b")}} {{urlJoin (dict "scheme" "mailto" "opaque" "x@y")}} {{urlJoin (dict "host" "h" "path" "p")}}
{{urlJoin (dict "scheme" "https" "host" "h" "userinfo" "u:p w")}}
{{urlJoin (urlParse "https://user:pw@host.example:8080/p/a?q=1&r=2#frag")}}
{{duration 0}} {{duration "90"}} {{duration (int64 3661)}} {{duration 3661}} {{duration "x"}} {{duration "-61"}} {{duration (int64 86400)}} {{duration "9223372036854775807"}}
{{durationRound "2h30m"}} {{durationRound "-90s"}} {{durationRound "1.5h"}} {{durationRound "400d"}} {{durationRound "8760h1s"}} {{durationRound "721h"}} {{durationRound (int64 1000000000)}} {{durationRound (int64 1000000001)}} {{durationRound "1us"}} {{durationRound "bad"}} {{durationRound 5}}
{{mergeOverwrite (dict "b" (dict "x" 1 "z" 0 "w" 5)) (dict "b" (dict "x" 9))}} {{merge (dict "b" (dict "x" 1)) (dict "b" (dict "x" 9 "y" 2))}}
{{mergeOverwrite (dict "a" (dict)) (dict "a" (dict "b" 1))}} {{mergeOverwrite (dict "a" "x") (dict "a" (list))}} {{mergeOverwrite (dict "a" "x") (dict "a" "")}}
{{merge (dict "a" 1) (dict "b" 2) (dict "a" 3 "c" 4)}} {{$d := dict "a" 1}}{{$_ := merge $d (dict "b" 2)}}{{$d}}
{{(semver "1.2.3").IncMinor.Major}} {{printf "%T" (semver "1.2.3").IncMinor}}
{{(semver "1.2.3").Compare (semver "1.2.3").IncMinor}}
{{urlParse "https://user:pw@host.example:8080/p/a?q=1&r=2#frag"}}|{{urlJoin (urlParse "https://user:pw@host.example:8080/p/a?q=1&r=2#frag")}}
{{urlParse " x "}}|{{urlJoin (urlParse " x ")}}
{{urlParse ""}}|{{urlJoin (urlParse "")}}
{{urlParse "*"}}|{{urlJoin (urlParse "*")}}
{{urlParse "a:b"}}|{{urlJoin (urlParse "a:b")}}
{{urlParse "/a:b"}}|{{urlJoin (urlParse "/a:b")}}
{{urlParse "mailto:x@y.z"}}|{{urlJoin (urlParse "mailto:x@y.z")}}
{{urlParse "http://[::1]:80/x"}}|{{urlJoin (urlParse "http://[::1]:80/x")}}
{{urlParse "http://[::1"}}|{{urlJoin (urlParse "http://[::1")}}
{{urlParse "http://h:port/"}}|{{urlJoin (urlParse "http://h:port/")}}
{{urlParse "http://h/%zz"}}|{{urlJoin (urlParse "http://h/%zz")}}
{{urlParse "http://h/a%20b?x#y%20z"}}|{{urlJoin (urlParse "http://h/a%20b?x#y%20z")}}
{{urlParse "//host/path"}}|{{urlJoin (urlParse "//host/path")}}
{{urlParse "///path"}}|{{urlJoin (urlParse "///path")}}
{{urlParse "x/y?"}}|{{urlJoin (urlParse "x/y?")}}
{{urlParse "x/y??"}}|{{urlJoin (urlParse "x/y??")}}
{{urlParse "http://us%40er:p%3Aw@h/"}}|{{urlJoin (urlParse "http://us%40er:p%3Aw@h/")}}
{{urlParse "http://u ser@h/"}}|{{urlJoin (urlParse "http://u ser@h/")}}
{{urlParse "http://h o/"}}|{{urlJoin (urlParse "http://h o/")}}
{{urlParse "http://h%41/"}}|{{urlJoin (urlParse "http://h%41/")}}
{{urlParse "http://h%25/"}}|{{urlJoin (urlParse "http://h%25/")}}
{{urlParse "HTTP://H/"}}|{{urlJoin (urlParse "HTTP://H/")}}
{{urlParse "1http://x"}}|{{urlJoin (urlParse "1http://x")}}
{{urlParse "a+b://c"}}|{{urlJoin (urlParse "a+b://c")}}
{{urlParse ":x"}}|{{urlJoin (urlParse ":x")}}
{{urlParse "http:"}}|{{urlJoin (urlParse "http:")}}
{{urlParse "http://"}}|{{urlJoin (urlParse "http://")}}
{{urlParse "http://@h"}}|{{urlJoin (urlParse "http://@h")}}
{{urlParse "http://u:@h"}}|{{urlJoin (urlParse "http://u:@h")}}
{{urlParse "#only"}}|{{urlJoin (urlParse "#only")}}
{{urlParse "?q"}}|{{urlJoin (urlParse "?q")}}
{{urlParse "http://h?q#f?g"}}|{{urlJoin (urlParse "http://h?q#f?g")}}
{{urlParse "http://h/é"}}|{{urlJoin (urlParse "http://h/é")}}
{{urlParse "http://h/%c3%a9"}}|{{urlJoin (urlParse "http://h/%c3%a9")}}
{{urlParse "http://üñí.com/"}}|{{urlJoin (urlParse "http://üñí.com/")}}
{{urlParse "s3://bucket/key with space"}}|{{urlJoin (urlParse "s3://bucket/key with space")}}
{{printf "%05t|%05v|%05c|%05q|%05T|%05v|%05U|%-05d|%05x|%05.1f|%+05d|% 05d|%05s|%05v" true nil 65 65 1 .list 65 3 "ab" -2.5 3 3 .nil .m}}
{{printf "%06.2f|%06v|%06g|%06e|%-06.1f|%06v|%06.1f" -1.5 -2.5 1e10 -1.0 2.5 (list -1 2) -0.0}}
{{printf "%#05x|%#08b|%#05o|%05O|%08.3d|%x|%X|% x|%#x" 255 5 8 8 -7 -255 "hi" "hi" "hi"}}
""".strip().split("\n")

#: Cases with their own data.
CASES_WITH_DATA: list[tuple[str, Any]] = [
    ("{{.}}", None),
    ("{{.}}", "just a string"),
    ("{{.}}", 42),
    ("{{.}}", [1, [2, 3], {"a": None}]),
    ("{{range .}}{{.}}{{end}}", {"z": 1, "a": 2, "m": 3}),
    ("{{range $k, $v := .}}{{$k}}{{end}}", {"b": 1, "B": 2, "a": 3, "_": 4, "1": 5, "é": 6}),
    ("{{.x}}", {"x": 1e21}),
    ("{{.x}} {{.y}} {{.z}}", {"x": 1e20, "y": 0.1, "z": -0.0}),
    ('{{printf "%v %.3f %e" .x .x .x}}', {"x": 2.0 / 3.0}),
    ("{{.a.b.c}}", {"a": {"b": {"c": "deep"}}}),
    ("{{if .a}}{{.a.b}}{{end}}", {"a": {}}),
]


def cases() -> list[tuple[str, Any]]:
    return [(t, DATA) for t in [*TEMPLATES, *SPRIG_LINES]] + CASES_WITH_DATA
