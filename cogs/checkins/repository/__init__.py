"""Check-ins' SQL, handing out dataclasses: schedules, check-ins, buddies, and /mydata."""
