package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const calendarColumns = `e.id, e.org_id, COALESCE(e.department_id, 0), COALESCE(e.unit_id, d.unit_id), COALESCE(d.name, ''), u.name,
	e.kind, e.title, e.description, e.place, e.all_day, e.start_day, e.start_minute, e.end_day, e.end_minute,
	e.freq, e.every_n, e.weekdays, e.until_day, e.occurrences, e.last_day, e.sequence, e.cancelled_at,
	e.created_by, e.created_at, e.updated_at`

// calendarFrom joins an event to its department (if any) and its unit.
const calendarFrom = ` FROM calendar_events e
	LEFT JOIN departments d ON d.org_id = e.org_id AND d.id = e.department_id
	JOIN units u ON u.org_id = e.org_id AND u.id = COALESCE(e.unit_id, d.unit_id)`

func scanCalendarEvent(r interface{ Scan(...any) error }) (pluttra.CalendarEvent, error) {
	var e pluttra.CalendarEvent
	var startDay, endDay pluttra.Date
	var startMin, endMin sql.NullInt64
	var weekdays string
	var cancelled sql.NullTime
	err := r.Scan(&e.ID, &e.OrgID, &e.DepartmentID, &e.UnitID, &e.DepartmentName, &e.UnitName,
		&e.Kind, &e.Title, &e.Description, &e.Place, &e.AllDay, &startDay, &startMin, &endDay, &endMin,
		&e.Recurrence.Frequency, &e.Recurrence.Interval, &weekdays, &e.Recurrence.Until, &e.Recurrence.Count, &e.LastDay,
		&e.Sequence, &cancelled, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return e, err
	}
	e.Start = pluttra.WallTime(startDay, int(startMin.Int64))
	e.End = pluttra.WallTime(endDay, int(endMin.Int64))
	e.Recurrence.Weekdays = parseWeekdays(weekdays)
	e.CancelledAt = cancelled.Time
	return e, nil
}

// The wall time of an event as its columns hold it: the day, and the
// minutes after midnight (none for an all-day event).
func wallColumns(t time.Time, allDay bool) (pluttra.Date, any) {
	day := pluttra.DateOf(t, pluttra.CalendarZone)
	if allDay {
		return day, nil
	}
	return day, pluttra.MinuteOfDay(t)
}

func formatWeekdays(days []time.Weekday) string {
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = strconv.Itoa(int(d))
	}
	return strings.Join(s, ",")
}

func parseWeekdays(s string) []time.Weekday {
	var out []time.Weekday
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(f); err == nil && n >= 0 && n < 7 {
			out = append(out, time.Weekday(n))
		}
	}
	return out
}

// calendarValues are the columns of an event's content and time, in the
// order of calendarSet.
func calendarValues(e *pluttra.CalendarEvent) []any {
	startDay, startMin := wallColumns(e.Start, e.AllDay)
	endDay, endMin := wallColumns(e.End, e.AllDay)
	r := e.Recurrence
	return []any{e.Kind, e.Title, e.Description, e.Place, e.AllDay, pluttra.CalendarZoneName, startDay, startMin, endDay, endMin,
		r.Frequency, r.Interval, formatWeekdays(r.Weekdays), r.Until, r.Count, e.LastDay}
}

const calendarSet = `kind = ?, title = ?, description = ?, place = ?, all_day = ?, zone = ?, start_day = ?, start_minute = ?,
	end_day = ?, end_minute = ?, freq = ?, every_n = ?, weekdays = ?, until_day = ?, occurrences = ?, last_day = ?`

// CreateCalendarEvent stores a checked event of a department or a unit.
func (s *Store) CreateCalendarEvent(ctx context.Context, orgID int64, e *pluttra.CalendarEvent) error {
	if (e.DepartmentID == 0) == (e.UnitID == 0) {
		return pluttra.Invalid("", "error.invalid")
	}
	now := s.now().UTC()
	var dept, unit any
	if e.DepartmentID != 0 {
		dept = e.DepartmentID
	} else {
		unit = e.UnitID
	}
	args := append([]any{orgID, dept, unit, e.CreatedBy, now, now}, calendarValues(e)...)
	err := s.change(ctx, orgID, pluttra.ChangeEventCreate, "event", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO calendar_events (org_id, department_id, unit_id, created_by, created_at, updated_at,
			kind, title, description, place, all_day, zone, start_day, start_minute, end_day, end_minute,
			freq, every_n, weekdays, until_day, occurrences, last_day)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args...)
		e.ID = id
		return id, 0, err
	})
	if err != nil {
		return domainError(err, "event", "error.conflict")
	}
	e.OrgID, e.Sequence, e.CreatedAt, e.UpdatedAt = orgID, 0, now, now
	return nil
}

// UpdateCalendarEvent changes a live event's content and time, raising
// its sequence.
func (s *Store) UpdateCalendarEvent(ctx context.Context, orgID int64, e *pluttra.CalendarEvent) error {
	now := s.now().UTC()
	args := append(calendarValues(e), now, orgID, e.ID)
	return s.change(ctx, orgID, pluttra.ChangeEventUpdate, "event", func(tx *txn) (int64, int64, error) {
		err := tx.queryRow(ctx, `UPDATE calendar_events SET `+calendarSet+`, sequence = sequence + 1, updated_at = ?
			WHERE org_id = ? AND id = ? AND cancelled_at IS NULL RETURNING sequence`, args...).Scan(&e.Sequence)
		if err == sql.ErrNoRows {
			return 0, 0, s.notLive(ctx, tx, orgID, e.ID)
		}
		e.UpdatedAt = now
		return e.ID, 0, err
	})
}

// notLive explains why an event could not be changed: it is cancelled, or
// it is not there (another organisation's id).
func (s *Store) notLive(ctx context.Context, tx *txn, orgID, eventID int64) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM calendar_events WHERE org_id = ? AND id = ?`, orgID, eventID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return pluttra.NotFound("event")
	}
	return pluttra.Conflict("calendar.error.cancelled", nil)
}

// CancelCalendarEvent cancels every occurrence of the event; it stays, as
// cancelled, so subscribed calendars learn of it.
func (s *Store) CancelCalendarEvent(ctx context.Context, orgID, eventID int64) error {
	now := s.now().UTC()
	return s.change(ctx, orgID, pluttra.ChangeEventCancel, "event", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE calendar_events SET cancelled_at = ?, sequence = sequence + 1, updated_at = ?
			WHERE org_id = ? AND id = ? AND cancelled_at IS NULL`, now, now, orgID, eventID)
		if err != nil {
			return 0, 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, 0, s.notLive(ctx, tx, orgID, eventID)
		}
		return eventID, 0, nil
	})
}

// CancelCalendarOccurrence cancels the occurrence starting on day; a day
// the event does not happen on is refused.
func (s *Store) CancelCalendarOccurrence(ctx context.Context, orgID, eventID int64, day pluttra.Date) error {
	e, err := s.CalendarEvent(ctx, orgID, eventID)
	if err != nil {
		return err
	}
	if !e.HasOccurrenceOn(day) {
		return pluttra.Invalid("day", "calendar.error.no_occurrence_on_day")
	}
	now := s.now().UTC()
	return s.change(ctx, orgID, pluttra.ChangeOccurrenceCancel, "event", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE calendar_events SET sequence = sequence + 1, updated_at = ?
			WHERE org_id = ? AND id = ? AND cancelled_at IS NULL`, now, orgID, eventID)
		if err != nil {
			return 0, 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, 0, s.notLive(ctx, tx, orgID, eventID)
		}
		_, err = tx.exec(ctx, `INSERT INTO calendar_cancellations (org_id, event_id, day, cancelled_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (event_id, day) DO NOTHING`, orgID, eventID, day, now)
		return eventID, 0, err
	})
}

// CalendarEvent reads one event with its cancelled occurrences.
func (s *Store) CalendarEvent(ctx context.Context, orgID, eventID int64) (*pluttra.CalendarEvent, error) {
	e, err := scanCalendarEvent(s.queryRow(ctx, `SELECT `+calendarColumns+calendarFrom+` WHERE e.org_id = ? AND e.id = ?`, orgID, eventID))
	if err != nil {
		return nil, domainError(err, "event", "")
	}
	events := []pluttra.CalendarEvent{e}
	if err := s.addCancelledDays(ctx, orgID, events); err != nil {
		return nil, err
	}
	return &events[0], nil
}

// CalendarEvents lists the scope's events that may touch from..to, by
// their first start.
func (s *Store) CalendarEvents(ctx context.Context, orgID int64, scope pluttra.CalendarScope, from, to pluttra.Date) ([]pluttra.CalendarEvent, error) {
	var whose []string
	args := []any{orgID, to, from}
	if len(scope.DepartmentIDs) > 0 {
		whose = append(whose, `e.department_id IN (`+placeholders(len(scope.DepartmentIDs))+`)`)
		for _, id := range scope.DepartmentIDs {
			args = append(args, id)
		}
	}
	if len(scope.UnitIDs) > 0 {
		whose = append(whose, `e.unit_id IN (`+placeholders(len(scope.UnitIDs))+`)`)
		for _, id := range scope.UnitIDs {
			args = append(args, id)
		}
	}
	if len(whose) == 0 {
		return nil, nil
	}
	rows, err := s.query(ctx, `SELECT `+calendarColumns+calendarFrom+`
		WHERE e.org_id = ? AND e.start_day <= ? AND e.last_day >= ? AND (`+strings.Join(whose, " OR ")+`)`, args...)
	events, err := collect(rows, err, func(r *sql.Rows) (pluttra.CalendarEvent, error) { return scanCalendarEvent(r) })
	if err != nil {
		return nil, err
	}
	// Sorted here: SQLite plans a statement with ORDER BY anew every run.
	slices.SortFunc(events, func(a, b pluttra.CalendarEvent) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	return events, s.addCancelledDays(ctx, orgID, events)
}

// addCancelledDays reads the events' cancelled occurrences.
func (s *Store) addCancelledDays(ctx context.Context, orgID int64, events []pluttra.CalendarEvent) error {
	if len(events) == 0 {
		return nil
	}
	byID := make(map[int64]*pluttra.CalendarEvent, len(events))
	args := []any{orgID}
	for i := range events {
		byID[events[i].ID] = &events[i]
		args = append(args, events[i].ID)
	}
	rows, err := s.query(ctx, `SELECT event_id, day FROM calendar_cancellations
		WHERE org_id = ? AND event_id IN (`+placeholders(len(events))+`)`, args...)
	type cancelled struct {
		event int64
		day   pluttra.Date
	}
	list, err := collect(rows, err, func(r *sql.Rows) (cancelled, error) {
		var c cancelled
		return c, r.Scan(&c.event, &c.day)
	})
	for _, c := range list {
		if e := byID[c.event]; e != nil {
			e.CancelledDays = append(e.CancelledDays, c.day)
		}
	}
	for _, e := range byID {
		slices.SortFunc(e.CancelledDays, func(a, b pluttra.Date) int { return strings.Compare(a.String(), b.String()) })
	}
	return err
}

// CalendarEventFacts says whose calendar an event is in.
func (s *Store) CalendarEventFacts(ctx context.Context, orgID, eventID int64) (*pluttra.CalendarEventFacts, error) {
	var f pluttra.CalendarEventFacts
	err := s.queryRow(ctx, `SELECT e.id, COALESCE(e.department_id, 0), COALESCE(e.unit_id, d.unit_id) FROM calendar_events e
		LEFT JOIN departments d ON d.org_id = e.org_id AND d.id = e.department_id
		WHERE e.org_id = ? AND e.id = ?`, orgID, eventID).Scan(&f.EventID, &f.DepartmentID, &f.UnitID)
	if err != nil {
		return nil, domainError(err, "event", "")
	}
	return &f, nil
}
