-- The PostgreSQL peers of `book --batch` (bench/batch-peers.sh): the
-- tables and functions, in a schema of the bench database named by the
-- psql variable "schema", one for each peer. Times are Unix seconds; a
-- booking holds [start_, end_).
CREATE SCHEMA :"schema";
SET search_path = :"schema";
CREATE TABLE resource(name text PRIMARY KEY, capacity int NOT NULL);
CREATE TABLE booking(id bigserial PRIMARY KEY,
  resource text NOT NULL REFERENCES resource, start_ bigint NOT NULL,
  end_ bigint NOT NULL, customer text);
CREATE INDEX booking_window ON booking(resource, start_);

-- Whether resource r has room over [s, e), as berth admits a claim: not
-- when the peak number of bookings over the window is already the
-- capacity. The count of those overlapping it is never below that peak,
-- so the peak (a count for each booking starting inside the window) is
-- only sought once the count has reached the capacity. The resource's
-- row is locked first, for the rest of the transaction, so that two
-- transactions booking it take turns and neither admits into room the
-- other is taking. An unknown resource has no room.
CREATE FUNCTION admits(r text, s bigint, e bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  cap int;
  n bigint;
BEGIN
  SELECT capacity INTO cap FROM resource WHERE name = r FOR UPDATE;
  IF cap IS NULL THEN
    RETURN false;
  END IF;
  SELECT count(*) INTO n FROM booking
    WHERE resource = r AND start_ < e AND end_ > s;
  IF n < cap THEN
    RETURN true;
  END IF;
  SELECT max((SELECT count(*) FROM booking b
              WHERE b.resource = r AND b.start_ <= p.t AND b.end_ > p.t))
    INTO n
    FROM (SELECT s AS t UNION ALL
          SELECT start_ FROM booking
            WHERE resource = r AND start_ > s AND start_ < e) p;
  RETURN n < cap;
END $$;

-- Every insert is capacity-checked; a refused row is skipped (a BEFORE
-- trigger returning NULL), not an error, so one refusal does not undo
-- the rest of the batch.
CREATE FUNCTION booking_admit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF admits(NEW.resource, NEW.start_, NEW.end_) THEN
    RETURN NEW;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER booking_admit BEFORE INSERT ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_admit();

-- One request, as an application would send it: true when booked.
CREATE FUNCTION book(r text, s bigint, e bigint, c text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO booking(resource, start_, end_, customer) VALUES (r, s, e, c);
  RETURN FOUND;
END $$;
