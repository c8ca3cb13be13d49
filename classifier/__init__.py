"""Tool classifier: Read/Write/Execute, risk, flags, confidence and quoted evidence."""

from classifier.engine import Classifier, load_classifier

__all__ = ["Classifier", "load_classifier"]
