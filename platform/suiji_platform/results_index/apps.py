from django.apps import AppConfig


class ResultsIndexConfig(AppConfig):
    name = "suiji_platform.results_index"
    label = "results_index"
    verbose_name = "检查结果公示索引"
