-- sqlite3, set-based: the requests (tab-separated: line, resource, start,
-- end, customer) from standard input into a staging table, then one
-- INSERT ... SELECT through the capacity trigger, in request order, all in
-- one transaction committed durably (WAL, synchronous=FULL). The staging
-- table is temporary: it is not written to the database's log.
PRAGMA synchronous=FULL;
CREATE TEMP TABLE staging(line INT, resource TEXT, start INT, end_ INT,
  customer TEXT);
BEGIN IMMEDIATE;
.mode tabs
.import /dev/stdin staging
INSERT INTO booking(resource, start, end_, customer)
  SELECT resource, start, end_, customer FROM staging ORDER BY line;
COMMIT;
