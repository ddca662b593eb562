from jijiao.projects.models.calls import Call, Level

__all__ = ["Call", "Level"]
