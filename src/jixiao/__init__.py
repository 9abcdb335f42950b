"""jixiao (绩效): evidence-based 项目支出绩效自评."""

__version__ = "0.1.0"
