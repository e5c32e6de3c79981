package access

import "github.com/pluttra/pluttra/internal/pluttra"

// decideMedia lets media follow its post (docs/design.md section 2): whoever
// may read the post may see its ready items; an attachment follows its
// important message the same way. Before a post takes an item,
// only its uploader sees it, while still staff of its department. Only the
// uploader ever continues or cancels an upload.
func decideMedia(p Principal, a Action, f *pluttra.MediaFacts) Decision {
	if f == nil {
		return Hidden
	}
	own := p.Is(pluttra.KindStaff) && p.User.ID == f.UploaderID && pluttra.Contains(p.Facts.StaffDepartments, f.DepartmentID)
	if a == UploadMedia {
		if own && f.Status == pluttra.MediaUploading {
			return Allow
		}
		return Hidden
	}
	if f.Message != nil {
		view := decideMessage(p, ViewMessage, f.Message)
		if view == Allow && f.Status != pluttra.MediaReady && !own {
			return Hidden
		}
		return view
	}
	if f.Post == nil {
		if own {
			return Allow
		}
		return Hidden
	}
	view := viewPost(p, f.Post)
	if view == Allow && f.Status != pluttra.MediaReady && !own {
		// Guardians and colleagues see an item once it is processed.
		return Hidden
	}
	return view
}
