package web

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pluttra/pluttra/internal/push/pushtest"
)

// TestPushEndpointOfAnotherAccountRefused: a browser whose endpoint is
// another account's is refused with a translated reason, and the
// notifications stay with the account that turned them on.
func TestPushEndpointOfAnotherAccountRefused(t *testing.T) {
	t.Parallel()
	rg, c, _ := noticeRig(t, 0)
	ep := pushtest.New()
	defer ep.Close()
	if rec := rg.sendJSON("POST", "/push/subscriptions", subscription(ep), c["guardian_alva_mother"]); rec.Code != http.StatusCreated {
		t.Fatalf("the mother subscribing = %d %s", rec.Code, rec.Body)
	}
	rec := rg.sendJSON("POST", "/push/subscriptions", subscription(ep), c["guardian_alva_father"])
	var answer struct{ Error string }
	json.Unmarshal(rec.Body.Bytes(), &answer)
	if rec.Code != http.StatusConflict || answer.Error != rg.srv.deps.Catalog.Locale("sv").T("push.error.taken") {
		t.Fatalf("the father subscribing the mother's browser = %d %s", rec.Code, rec.Body)
	}
	ctx, org := context.Background(), rg.world.OrgA.ID
	if subs, _ := rg.store.PushSubscriptions(ctx, org, rg.world.Users["guardian_alva_father"].ID); len(subs) != 0 {
		t.Fatalf("the father got the mother's browser: %+v", subs)
	}
	if subs, _ := rg.store.PushSubscriptions(ctx, org, rg.world.Users["guardian_alva_mother"].ID); len(subs) != 1 || subs[0].Endpoint != ep.Endpoint() {
		t.Fatalf("the mother's subscription = %+v", subs)
	}
}
