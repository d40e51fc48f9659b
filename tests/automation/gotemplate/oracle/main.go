// Command oracle renders Go text/template cases with sprig's hermetic function map, so the
// Python engine can be compared with the real one. Stdin: a JSON list of
// {"template": string, "data": any}; stdout: a JSON list of {"output": string} or {"error": string}.
// JSON numbers that are integers decode to int (json.Number -> int64), others to float64, so
// that Python ints and Go ints print alike. With -funcs it prints the names in sprig's
// hermetic map instead.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"text/template"

	sprig "github.com/Masterminds/sprig/v3"
)

type testCase struct {
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	// Flux, when set, replaces Data with typed structs shaped like Flux's TemplateData.
	Flux *fluxInput `json:"flux"`
}

// The typed data: Go structs, struct map keys and methods, as Flux gives its templates (the
// object identifier is flattened to Kind, Namespace, Name).
type ObjectIdentifier struct {
	Kind, Namespace, Name string
}

type Change struct {
	OldValue, NewValue, Setter string
}

type ObjectChanges map[ObjectIdentifier][]Change

type ResultV2 struct {
	FileChanges map[string]ObjectChanges
}

func sortedIDs(oc ObjectChanges) []ObjectIdentifier {
	ids := make([]ObjectIdentifier, 0, len(oc))
	for id := range oc {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		return a.Name < b.Name
	})
	return ids
}

// Changes lists every change, files and objects in sorted order (deterministic, unlike Flux).
func (r ResultV2) Changes() []Change {
	var out []Change
	files := make([]string, 0, len(r.FileChanges))
	for f := range r.FileChanges {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		for _, id := range sortedIDs(r.FileChanges[f]) {
			out = append(out, r.FileChanges[f][id]...)
		}
	}
	return out
}

// Objects merges the changes of all files by object.
func (r ResultV2) Objects() ObjectChanges {
	out := ObjectChanges{}
	for _, oc := range r.FileChanges {
		for id, cs := range oc {
			out[id] = append(out[id], cs...)
		}
	}
	return out
}

type AutomationObject struct {
	Name, Namespace string
}

type TemplateData struct {
	AutomationObject AutomationObject
	Changed          ResultV2
	Values           map[string]string
}

type fluxObject struct {
	Kind      string   `json:"kind"`
	Namespace string   `json:"namespace"`
	Name      string   `json:"name"`
	Changes   []Change `json:"changes"`
}

type fluxInput struct {
	Name      string                  `json:"name"`
	Namespace string                  `json:"namespace"`
	Files     map[string][]fluxObject `json:"files"`
	Values    map[string]string       `json:"values"`
}

func (in *fluxInput) data() TemplateData {
	d := TemplateData{
		AutomationObject: AutomationObject{Name: in.Name, Namespace: in.Namespace},
		Changed:          ResultV2{FileChanges: map[string]ObjectChanges{}},
		Values:           in.Values,
	}
	for file, objs := range in.Files {
		oc := ObjectChanges{}
		for _, o := range objs {
			id := ObjectIdentifier{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
			oc[id] = append(oc[id], o.Changes...)
		}
		d.Changed.FileChanges[file] = oc
	}
	return d
}

type result struct {
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
}

func convert(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		for k, e := range x {
			x[k] = convert(e)
		}
		return x
	case []interface{}:
		for i, e := range x {
			x[i] = convert(e)
		}
		return x
	}
	return v
}

func render(c testCase) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var data interface{}
	if c.Flux != nil {
		data = c.Flux.data()
	} else if len(c.Data) > 0 {
		dec := json.NewDecoder(bytes.NewReader(c.Data))
		dec.UseNumber()
		if err := dec.Decode(&data); err != nil {
			return "", err
		}
		data = convert(data)
	}
	t, err := template.New("msg").Funcs(sprig.HermeticTxtFuncMap()).Parse(c.Template)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-funcs" {
		names := []string{}
		for name := range sprig.HermeticTxtFuncMap() {
			names = append(names, name)
		}
		sort.Strings(names)
		_ = json.NewEncoder(os.Stdout).Encode(names)
		return
	}
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	results := make([]result, len(cases))
	for i, c := range cases {
		out, err := render(c)
		if err != nil {
			msg := err.Error()
			results[i].Error = &msg
		} else {
			results[i].Output = &out
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
