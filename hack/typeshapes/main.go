// Command typeshapes prints, as a Python module, what kube-apiserver's typed conversion adds to
// a built-in object: for each Go struct of the built-in kinds, the fields that are always present
// (non-pointer structs, and fields without omitempty, at their zero value) and the struct types
// behind its struct-valued fields. The embedded API server uses it so that server-side apply's
// Compare sees the same "added" nodes kube sees (managedFields' "." entries).
//
// The structs that server-side apply treats as one atomic value come from client-go's copy of
// the apiserver's structured-merge-diff schema (applyconfigurations/internal/internal.go),
// whose path is the first argument.
//
// Usage: go run . "$(go list -m -f '{{.Dir}}' k8s.io/client-go)/applyconfigurations/internal/internal.go" \
//   > ../../controller_runtime/apimachinery/typed_shapes.py
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
	smdschema "sigs.k8s.io/structured-merge-diff/v4/schema"
	"sigs.k8s.io/structured-merge-diff/v4/typed"
)

type field struct {
	name   string
	always string // JSON of the value the typed form always has ("" when absent unless set)
	child  string // the struct type inside (directly, behind a pointer, or as list/map element)
}

var (
	structs    = map[string][]field{}
	marshaler  = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	unstructer = reflect.TypeOf((*runtime.Unstructured)(nil)).Elem()
)

func typeName(t reflect.Type) string {
	pkg := t.PkgPath()
	pkg = strings.TrimPrefix(pkg, "k8s.io/api/")
	pkg = strings.TrimPrefix(pkg, "k8s.io/apimachinery/pkg/apis/")
	return pkg + "." + t.Name()
}

// leaf: a struct that marshals itself (Time, Quantity, IntOrString, RawExtension...).
func leaf(t reflect.Type) bool {
	return t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler)
}

func structOf(t reflect.Type) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && !leaf(t) {
		return t, true
	}
	return nil, false
}

func zeroJSON(t reflect.Type) string {
	b, err := json.Marshal(reflect.Zero(t).Interface())
	if err != nil {
		panic(err)
	}
	return string(b)
}

func fieldsOf(t reflect.Type, out *[]field) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		parts := strings.Split(tag, ",")
		name := parts[0]
		omitempty := false
		inline := false
		for _, p := range parts[1:] {
			omitempty = omitempty || p == "omitempty"
			inline = inline || p == "inline"
		}
		if inline || (f.Anonymous && name == "") {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				fieldsOf(ft, out)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		fd := field{name: name}
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Struct && !leaf(ft):
			fd.always = "{}" // a value struct: present, with its own always-present fields
		case ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map || ft.Kind() == reflect.Interface:
			if !omitempty {
				fd.always = "null"
			}
		default: // scalars and self-marshalling structs
			if !omitempty {
				fd.always = zeroJSON(ft)
			}
		}
		if st, ok := structOf(ft); ok {
			fd.child = typeName(st)
			if ft.Kind() == reflect.Map {
				fd.child = "map:" + fd.child // keys are names; every value is one such struct
			}
			walk(st)
		}
		if fd.always != "" || fd.child != "" {
			*out = append(*out, fd)
		}
	}
}

func walk(t reflect.Type) {
	name := typeName(t)
	if _, seen := structs[name]; seen {
		return
	}
	structs[name] = nil
	var fs []field
	fieldsOf(t, &fs)
	structs[name] = fs
}

// atomicStructs: named types whose map (struct) element relationship is atomic in the SMD schema.
func atomicStructs(path string) []string {
	src, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	text := string(src)
	start := strings.Index(text, "typed.YAMLObject(`")
	if start < 0 {
		panic("no schemaYAML in " + path)
	}
	text = text[start+len("typed.YAMLObject(`"):]
	text = text[:strings.Index(text, "`)")]
	parser, err := typed.NewParser(typed.YAMLObject(text))
	if err != nil {
		panic(err)
	}
	var out []string
	for _, t := range parser.Schema.Types {
		if t.Map == nil || t.Map.ElementRelationship != smdschema.Atomic {
			continue
		}
		name := t.Name
		for _, prefix := range []string{"io.k8s.api.", "io.k8s.apimachinery.pkg.apis."} {
			if strings.HasPrefix(name, prefix) {
				rest := strings.TrimPrefix(name, prefix)
				dot := strings.LastIndex(rest, ".")
				out = append(out, strings.ReplaceAll(rest[:dot], ".", "/")+rest[dot:])
			}
		}
	}
	sort.Strings(out)
	return out
}

func main() {
	atomic := atomicStructs(os.Args[1])
	kinds := map[string]string{}
	for gvk, t := range scheme.Scheme.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal || strings.HasSuffix(gvk.Kind, "List") || t.Kind() != reflect.Struct {
			continue
		}
		if t.Implements(unstructer) || reflect.PointerTo(t).Implements(unstructer) {
			continue
		}
		if _, ok := t.FieldByName("ObjectMeta"); !ok { // objects, not options or reviews
			continue
		}
		walk(t)
		kinds[gvk.Group+"/"+gvk.Version+"/"+gvk.Kind] = typeName(t)
	}
	w := os.Stdout
	fmt.Fprintln(w, `# ruff: noqa: E501
"""What kube-apiserver's typed conversion adds to a built-in object (generated; do not edit).

Made by hack/typeshapes (Go reflection over k8s.io/api v0.32.13): for each Go struct of the
built-in kinds, its fields that the typed form always has, with that value (a value struct is
{}, a field without omitempty its zero value), and the struct type behind struct-valued fields.
Server-side apply compares typed objects, so a node counts as added only where it was absent.
"""

from __future__ import annotations

#: struct type -> {json field: (value the typed form always has, or None if only when set;
#: the struct type inside the field (directly, behind a pointer or as list items; "map:T" for
#: a map of T), or "")}. Values are JSON text.
STRUCTS: dict[str, dict[str, tuple[str | None, str]]] = {`)
	names := make([]string, 0, len(structs))
	for n := range structs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fs := structs[n]
		if len(fs) == 0 {
			continue
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].name < fs[j].name })
		fmt.Fprintf(w, "    %q: {\n", n)
		for _, f := range fs {
			always := "None"
			if f.always != "" {
				always = fmt.Sprintf("%q", f.always)
			}
			fmt.Fprintf(w, "        %q: (%s, %q),\n", f.name, always, f.child)
		}
		fmt.Fprintln(w, "    },")
	}
	fmt.Fprintln(w, "}\n\n#: group/version/kind -> its struct type.\nKINDS: dict[str, str] = {")
	ks := make([]string, 0, len(kinds))
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		fmt.Fprintf(w, "    %q: %q,\n", k, kinds[k])
	}
	fmt.Fprintln(w, "}")
	fmt.Fprintln(w, "\n#: Structs server-side apply treats as one value (x-kubernetes-map-type: atomic).\nATOMIC: frozenset[str] = frozenset({")
	for _, a := range atomic {
		fmt.Fprintf(w, "    %q,\n", a)
	}
	fmt.Fprintln(w, "})")
}
