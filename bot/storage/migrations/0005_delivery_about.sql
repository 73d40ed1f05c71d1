-- Who a letter waiting in `deliveries` is about: the members whose words it carries (a
-- note's sender) or whom it names (a nudge's subject), each as a pseudonym (a keyed hash of
-- the member id, never the id itself). When one of them deletes their data, the letters
-- still waiting are deleted unsent in the same transaction. A row goes as soon as its
-- letter is sent or dropped, and with the letter's row.
CREATE TABLE delivery_about (
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    member      TEXT    NOT NULL,  -- pseudonym of a member the letter is about
    PRIMARY KEY (delivery_id, member)
);

CREATE INDEX delivery_about_member ON delivery_about (member);
