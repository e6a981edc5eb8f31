-- The queue's filters by category and by assignee ("mine"). Each queue
-- segment is read newest first by walking an index (migration 011); a
-- filter that matches few cases made that walk read every case of the
-- segment to find none. With these indexes the planner reads the few
-- matching cases instead: at 100,000 cases a filter that matches nothing
-- took 43 ms a page, 6 ms with them.
CREATE INDEX cases_queue_category ON cases (category);
CREATE INDEX cases_queue_assignee ON cases (assignee) WHERE assignee IS NOT NULL;
