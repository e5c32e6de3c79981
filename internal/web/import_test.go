package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

const importHeader = "child_id,child_first_name,child_last_name,child_birth_date,protected_identity,unit,department,placement_from,guardian_id,guardian_name,guardian_email,guardian_language\n"

func upload(rg *rig, file string, c *http.Cookie) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("mode", "preview")
	fw, _ := mw.CreateFormFile("file", "barn.csv")
	fw.Write([]byte(file))
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(c)
	rec := httptest.NewRecorder()
	rg.srv.ServeHTTP(rec, req)
	return rec
}

func TestImportPage(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	admin := rg.sessionFor(t, "admin")
	org := rg.world.OrgA.ID
	file := importHeader +
		"k1,Ida,Ny,2022-01-02,nej,Nya förskolan,Solrosen,2025-08-15,v1,Tova Ny,tova@familj.example,\n" +
		"k2,Leo,Ny,2021-05-06,ja,Nya förskolan,Solrosen,2025-08-15,v1,Tova Ny,tova@familj.example,\n"
	count := func() int {
		cs, _ := rg.store.Children(context.Background(), org, pluttra.Filter{})
		return len(cs)
	}
	before := count()

	t.Run("ErrRowsNamedNothingChanged", func(t *testing.T) {
		bad := importHeader + "k1,Ida,Ny,2022-01-02,nej,Nya förskolan,Solrosen,2025-08-15,v1,Tova Ny,inte-en-adress,\n"
		rec := upload(rg, bad, admin)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Rad 2, guardian_email") || !strings.Contains(rec.Body.String(), "Ange en giltig e-postadress.") {
			t.Fatalf("bad file: %d", rec.Code)
		}
		if count() != before {
			t.Fatal("a bad file changed something")
		}
	})
	t.Run("PreviewThenApply", func(t *testing.T) {
		rec := upload(rg, file, admin)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "2 nya barn") || !strings.Contains(body, "1 ny vårdnadshavare") {
			t.Fatalf("preview: %d", rec.Code)
		}
		if count() != before {
			t.Fatal("the preview changed something")
		}
		apply := rg.do("POST", "/admin/import", url.Values{"mode": {"apply"}, "content": {file}}.Encode(), admin)
		if apply.Code != http.StatusSeeOther || count() != before+2 {
			t.Fatalf("apply: %d, children %d -> %d", apply.Code, before, count())
		}
		again := upload(rg, file, admin)
		if !strings.Contains(again.Body.String(), "stämmer redan") {
			t.Fatal("a re-import of the same file plans changes")
		}
	})
	t.Run("OnlyTheAdmin", func(t *testing.T) {
		if rec := upload(rg, file, rg.sessionFor(t, "principal_ekbacken")); rec.Code != http.StatusForbidden {
			t.Fatalf("principal importing: %d", rec.Code)
		}
	})
}
