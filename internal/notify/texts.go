package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// texts are a notice in one recipient's language.
type texts struct {
	loc         *i18n.Locale
	title, body string
	link        string // absolute
}

// locale is the recipient's language: their own choice, else Swedish, the
// organisations' language.
func (w *Worker) locale(u *pluttra.User) *i18n.Locale {
	code := u.Language
	if !i18n.Supported(code) {
		code = i18n.Default
	}
	return w.Catalog.Locale(code)
}

func (w *Worker) texts(u *pluttra.User, n pluttra.Notice) texts {
	loc := w.locale(u)
	keys := make([]string, 0, len(n.Args))
	for k := range n.Args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k, n.Args[k])
	}
	return texts{loc: loc, title: loc.T(n.Key+".title", args...), body: loc.T(n.Key+".body", args...), link: w.BaseURL + n.Link}
}

// digest sends one email listing every notice of the user's batch.
func (w *Worker) digest(ctx context.Context, b pluttra.DigestBatch) error {
	u, err := w.Store.User(ctx, b.OrgID, b.UserID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(b.Deliveries))
	for i, d := range b.Deliveries {
		ids[i] = d.ID
	}
	if !u.Active || u.Email == "" {
		for _, id := range ids {
			if err := w.Store.FinishDelivery(ctx, b.OrgID, id, pluttra.DeliverySkipped, "", "no active account with an address", w.Now()); err != nil {
				return err
			}
		}
		return nil
	}
	loc := w.locale(u)
	var body strings.Builder
	body.WriteString(loc.T("notice.digest.lead") + "\n\n")
	for _, d := range b.Deliveries {
		t := w.texts(u, d.Notice)
		fmt.Fprintf(&body, "• %s\n  %s\n\n", t.title, t.link)
	}
	body.WriteString("-- \n" + loc.T("notice.email.footer", "Link", w.BaseURL+"/settings/notifications") + "\n")
	m := &pluttra.OutboxMail{To: u.Email, Subject: loc.T("notice.digest.subject", "Count", len(b.Deliveries)), Body: body.String()}
	return w.Store.DeliverDigest(ctx, b.OrgID, b.UserID, ids, m)
}
