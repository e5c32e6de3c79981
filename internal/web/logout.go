package web

import "net/http"

func (s *Server) logout(req *request) error {
	if c, err := req.R.Cookie(s.cookieName(sessionCookie)); err == nil {
		if err := s.deps.Store.DeleteSession(req.R.Context(), hashToken(c.Value)); err != nil {
			return err
		}
	}
	s.clearCookie(req.W, sessionCookie)
	http.Redirect(req.W, req.R, "/login", http.StatusSeeOther)
	return nil
}
