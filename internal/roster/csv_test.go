package roster

import (
	"strconv"
	"strings"
	"testing"
)

const header = "child_id,child_first_name,child_last_name,child_birth_date,protected_identity,unit,department,placement_from,guardian_id,guardian_name,guardian_email,guardian_language\n"

func TestParseCSV(t *testing.T) {
	file := header +
		"c1,Alva,Berg,2022-03-01,nej,Solåsen,Blåbär,2025-08-15,g1,Anna Berg,Anna@Familj.example,sv\n" +
		"c1,Alva,Berg,2022-03-01,nej,Solåsen,Blåbär,2025-08-15,g2,Bo Berg,bo@familj.example,\n" +
		"c2,Bilal,Ali,2021-11-30,ja,Solåsen,Lingon,2025-08-15,g3,Sara Ali,sara@familj.example,ar\n" +
		"c3,Cleo,,,,Solåsen,Lingon,2025-08-15,,,,\n"
	r, errs, err := ParseCSV(strings.NewReader(file))
	if err != nil || len(errs) != 0 {
		t.Fatalf("err=%v errs=%+v", err, errs)
	}
	if len(r.Children) != 3 || len(r.Guardians) != 3 {
		t.Fatalf("children %d guardians %d", len(r.Children), len(r.Guardians))
	}
	alva := r.Children[0]
	if alva.ExtID != "c1" || strings.Join(alva.Guardians, ",") != "g1,g2" || alva.BirthDate.String() != "2022-03-01" || alva.Protected {
		t.Fatalf("alva = %+v", alva)
	}
	if !r.Children[1].Protected || r.Guardians[0].Email != "anna@familj.example" || len(r.Children[2].Guardians) != 0 {
		t.Fatal("fields misread")
	}
}

func TestParseCSVRowErrors(t *testing.T) {
	file := header +
		"c1,Alva,Berg,2022-13-01,kanske,Solåsen,Blåbär,2025-08-15,g1,Anna,not-an-address,xx\n" +
		"c1,Alva,Berg,2022-13-01,kanske,Solåsen,Lingon,2025-08-15,g2,Bo,bo@familj.example,\n" +
		",Bo,,,,Solåsen,Blåbär,,,,,\n"
	_, errs, err := ParseCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"2 child_birth_date error.date": true, "2 protected_identity import.error.yes_no": true,
		"2 guardian_email error.email": true, "2 guardian_language error.language": true,
		"3 child_id import.error.child_differs": true,
		"4 child_id error.required":             true, "4 placement_from error.required": true,
	}
	got := map[string]bool{}
	for _, e := range errs {
		got[strings.Join([]string{strconv.Itoa(e.Row), e.Field, e.Key}, " ")] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing error %q (got %v)", k, got)
		}
	}
}

func TestParseCSVMissingColumn(t *testing.T) {
	_, errs, err := ParseCSV(strings.NewReader("child_id,child_first_name\nc1,Alva\n"))
	if err != nil || len(errs) == 0 || errs[0].Row != 1 || errs[0].Key != "import.error.missing_column" {
		t.Fatalf("err=%v errs=%+v", err, errs)
	}
}
