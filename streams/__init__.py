"""newswatch: Faust agents that enrich news articles from Kafka and publish alerts."""

__version__ = "0.1.0"
