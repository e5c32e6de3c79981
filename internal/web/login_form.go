package web

import "net/http"

// loginData fills the login form.
type loginData struct {
	Email string
	Next  string
	Error string // i18n key
}

func (s *Server) loginForm(req *request) error {
	if req.P.LoggedIn() {
		http.Redirect(req.W, req.R, "/", http.StatusSeeOther)
		return nil
	}
	return s.render(req, http.StatusOK, "login", "login.title", loginData{Next: localPath(req.R.URL.Query().Get("next"))})
}
