-- Colleagues' input is read only once the request is closed: the set of people asked is
-- fixed at the first answer, and nobody answers after closing, so that comparing two
-- readings can never isolate one person's answer.
ALTER TABLE evaluations ADD COLUMN masukan_closed_at BIGINT;
