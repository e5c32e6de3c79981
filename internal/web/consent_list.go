package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// consentListData is the quick reference list: who may be in pictures.
type consentListData struct {
	Department pluttra.Department
	Children   []consentListChild
	Day        pluttra.Date
}

type consentListChild struct {
	ID        int64
	FirstName string
	Initial   string
	Level     pluttra.ConsentLevel
}

// consentList shows staff, on one printable screen, each child of the
// department with their first name and photo consent level today.
func (s *Server) consentList(req *request) error {
	dc, err := s.loadDepartmentConsent(req, req.ID)
	if err != nil {
		return err
	}
	levels := dc.Levels
	data := consentListData{Department: dc.Department, Day: s.deps.Policy.Today()}
	for _, c := range dc.Children {
		initial := ""
		for _, r := range c.FirstName {
			initial = string(r)
			break
		}
		data.Children = append(data.Children, consentListChild{ID: c.ID, FirstName: c.FirstName, Initial: initial, Level: levels[c.ID]})
		req.showsChildren(c.ID)
	}
	return s.render(req, http.StatusOK, "consent_list", "consent.list.title", data)
}
