"""SLA clocks: due times from the policy and business calendars, and their logged pauses."""
