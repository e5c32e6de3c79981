// Package i18n holds Pluttra's message catalogs and picks a language per
// request. Every user-facing string goes through it; a test fails when a
// language lacks a key that Swedish has.
package i18n

import (
	"embed"
	"fmt"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed catalog/*.json
var catalogs embed.FS

// Language is one supported language.
type Language struct {
	Code string // what users, cookies and settings store: sv, en, ar, fa, prs, so
	Name string // its own name for itself, for the language menu
	RTL  bool   // written right to left
	tag  language.Tag
}

// Languages in the order the language menu shows them. Swedish is the default.
var Languages = []Language{
	{Code: "sv", Name: "Svenska", tag: language.Swedish},
	{Code: "en", Name: "English", tag: language.English},
	{Code: "ar", Name: "العربية", RTL: true, tag: language.Arabic},
	{Code: "fa", Name: "فارسی", RTL: true, tag: language.Persian},
	// Dari: go-i18n has no plural rule registered for "prs", so its
	// catalog is loaded under fa-AF (Afghan Persian, which Dari is) and
	// keeps the code prs everywhere else.
	{Code: "prs", Name: "دری", RTL: true, tag: language.MustParse("fa-AF")},
	{Code: "so", Name: "Soomaali", tag: language.MustParse("so")},
}

// Default is the language when nothing else decides.
const Default = "sv"

// Catalog is every language's messages.
type Catalog struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	locales map[string]*Locale
	keys    map[string][]string // message ids per language code
}

// Load reads the embedded catalogs.
func Load() (*Catalog, error) {
	c := &Catalog{bundle: goi18n.NewBundle(language.Swedish), locales: map[string]*Locale{}, keys: map[string][]string{}}
	var accept []language.Tag
	for _, l := range Languages {
		data, err := catalogs.ReadFile("catalog/" + l.Code + ".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", l.Code, err)
		}
		mf, err := c.bundle.ParseMessageFileBytes(data, l.tag.String()+".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", l.Code, err)
		}
		for _, m := range mf.Messages {
			c.keys[l.Code] = append(c.keys[l.Code], m.ID)
		}
		accept = append(accept, l.tag)
		c.locales[l.Code] = &Locale{Language: l, loc: goi18n.NewLocalizer(c.bundle, l.tag.String())}
	}
	// Browsers asking for prs get Dari, not the fa-AF tag it is stored under.
	accept = append(accept, language.MustParse("prs"))
	c.matcher = language.NewMatcher(accept)
	return c, nil
}

// Keys lists the message ids a language has.
func (c *Catalog) Keys(code string) []string { return c.keys[code] }

// Locale returns the locale of a language code, Swedish when unknown.
func (c *Catalog) Locale(code string) *Locale {
	if l, ok := c.locales[code]; ok {
		return l
	}
	return c.locales[Default]
}

// Supported reports whether code is one of the languages.
func Supported(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Negotiate picks the language: the user's own choice, else the browser's
// Accept-Language, else Swedish.
func (c *Catalog) Negotiate(chosen, acceptLanguage string) *Locale {
	if Supported(chosen) {
		return c.Locale(chosen)
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return c.Locale(Default)
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return c.Locale(Default)
	}
	if i >= len(Languages) {
		return c.Locale("prs")
	}
	return c.Locale(Languages[i].Code)
}

// Locale translates for one language.
type Locale struct {
	Language
	loc *goi18n.Localizer
}

// Dir is the text direction for the html dir attribute.
func (l *Locale) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// T translates key. Arguments come in name, value pairs and fill the
// message's {{.Name}} fields; a "Count" argument also picks the plural form.
// A missing key shows as the key itself, which the catalog tests prevent.
func (l *Locale) T(key string, args ...any) string {
	data := map[string]any{}
	var count any
	for i := 0; i+1 < len(args); i += 2 {
		name := fmt.Sprint(args[i])
		data[name] = args[i+1]
		if name == "Count" {
			count = args[i+1]
		}
	}
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil || s == "" {
		return strings.ReplaceAll(key, "_", " ")
	}
	return s
}
