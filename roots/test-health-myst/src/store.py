# Where data lives


def store(rows):  # ADR-0001: rows go to Postgres
    return rows
