from jijiao.records.models.records import PastProject, PersonRecord

__all__ = ["PastProject", "PersonRecord"]
