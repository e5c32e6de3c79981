package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// noticeSettingsData is the notification settings page: how the user hears
// of each kind of thing, their quiet hours, and this device's push.
type noticeSettingsData struct {
	Categories []noticeCategoryView
	Channels   []pluttra.Channel
	Quiet      bool
	QuietFrom  string // 15:04
	QuietTo    string
	DigestAt   string
	Errors     formErrors
	Saved      bool
	PushKey    string
	Devices    int
}

type noticeCategoryView struct {
	Category pluttra.NoticeCategory
	Channel  pluttra.Channel
}

func hhmm(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }

func (s *Server) noticeSettings(req *request) error {
	ctx := req.R.Context()
	p, err := s.deps.Store.NoticePrefs(ctx, req.P.OrgID(), req.P.User.ID)
	if err != nil {
		return err
	}
	return s.renderNoticeSettings(req, http.StatusOK, *p, nil)
}

func (s *Server) renderNoticeSettings(req *request, status int, p pluttra.NoticePrefs, errs formErrors) error {
	subs, err := s.deps.Store.PushSubscriptions(req.R.Context(), req.P.OrgID(), req.P.User.ID)
	if err != nil {
		return err
	}
	data := noticeSettingsData{Channels: pluttra.Channels, Quiet: p.Quiet, QuietFrom: hhmm(p.QuietFrom), QuietTo: hhmm(p.QuietTo),
		DigestAt: hhmm(p.DigestAt), Errors: errs, Saved: req.R.URL.Query().Get("saved") == "1", PushKey: s.opts.PushKey, Devices: len(subs)}
	for _, c := range pluttra.NoticeCategories {
		data.Categories = append(data.Categories, noticeCategoryView{Category: c, Channel: p.Channel(c)})
	}
	return s.render(req, status, "notice_settings", "notice.settings.title", data)
}

// noticeSettingsSave stores the user's choices; a bad time is refused with
// nothing saved.
func (s *Server) noticeSettingsSave(req *request) error {
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	f := req.R.PostForm
	p := pluttra.NoticePrefs{Channels: map[pluttra.NoticeCategory]pluttra.Channel{}, NoticeSettings: pluttra.NoticeSettings{Quiet: f.Get("quiet") == "on"}}
	errs := formErrors{}
	for _, c := range pluttra.NoticeCategories {
		ch := pluttra.Channel(f.Get("channel_" + string(c)))
		if !ch.Valid() {
			errs["channel_"+string(c)] = "error.invalid"
			ch = pluttra.DefaultChannel(c)
		}
		p.Channels[c] = ch
	}
	for name, dst := range map[string]*int{"quiet_from": &p.QuietFrom, "quiet_to": &p.QuietTo, "digest_at": &p.DigestAt} {
		t, err := time.Parse("15:04", f.Get(name))
		if err != nil {
			errs[name] = "organisation.manage.error.time"
			continue
		}
		*dst = t.Hour()*60 + t.Minute()
	}
	if len(errs) == 0 {
		if err := errs.add(p.Check()); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderNoticeSettings(req, http.StatusBadRequest, p, errs)
	}
	if err := s.deps.Store.SaveNoticePrefs(req.R.Context(), req.P.OrgID(), req.P.User.ID, p); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/settings/notifications?saved=1", http.StatusSeeOther)
	return nil
}
