-- The sqlite3 peers of `book --batch` (bench/batch-peers.sh): the schema,
-- made once into a template that each timed run copies. Times are Unix
-- seconds; a booking holds [start, end_).
PRAGMA journal_mode=WAL;
CREATE TABLE resource(name TEXT PRIMARY KEY, capacity INT NOT NULL);
CREATE TABLE booking(id INTEGER PRIMARY KEY,
  resource TEXT NOT NULL REFERENCES resource, start INT NOT NULL,
  end_ INT NOT NULL, customer TEXT);
CREATE INDEX booking_window ON booking(resource, start);
-- Capacity, as berth admits a claim: refused when the peak number of
-- bookings over [start, end_) is already the resource's capacity. The
-- count of those overlapping it is never below that peak, so the peak,
-- which costs one count per booking starting inside the window, is only
-- sought once the count has reached the capacity. A refused row is
-- skipped (RAISE(IGNORE)); an unknown resource has capacity 0.
CREATE TRIGGER booking_admit BEFORE INSERT ON booking
WHEN coalesce((SELECT capacity FROM resource WHERE name = NEW.resource), 0)
     <= (SELECT count(*) FROM booking b WHERE b.resource = NEW.resource
         AND b.start < NEW.end_ AND b.end_ > NEW.start)
 AND coalesce((SELECT capacity FROM resource WHERE name = NEW.resource), 0)
     <= (SELECT max((SELECT count(*) FROM booking b
                     WHERE b.resource = NEW.resource AND b.start <= p.t
                       AND b.end_ > p.t))
         FROM (SELECT NEW.start AS t UNION ALL
               SELECT start FROM booking WHERE resource = NEW.resource
                 AND start > NEW.start AND start < NEW.end_) p)
BEGIN
  SELECT RAISE(IGNORE);
END;
