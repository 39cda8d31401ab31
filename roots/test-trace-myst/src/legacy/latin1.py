# café: Implements ADR-0005
ORM = None
