-- PostgreSQL, set-based: the requests (tab-separated: line, resource,
-- start, end, customer) from psql's standard input into a staging table
-- (COPY), then one INSERT ... SELECT through the capacity trigger, in
-- request order, in one transaction committed durably (fsync,
-- synchronous_commit on). The staging table is temporary: it is not
-- written to the WAL. The psql variable "schema" names the peer's schema.
SET search_path = :"schema";
BEGIN;
CREATE TEMP TABLE staging(line int, resource text, start_ bigint,
  end_ bigint, customer text) ON COMMIT DROP;
\copy staging FROM pstdin
INSERT INTO booking(resource, start_, end_, customer)
  SELECT resource, start_, end_, customer FROM staging ORDER BY line;
COMMIT;
