"""An exact fraction in the API (probabilities and ratios of draws and simulations)."""

from typing import Any

import graphene


class Fraction(graphene.ObjectType):
    """An exact fraction (numerator and denominator as decimal strings: they can exceed the
    32-bit GraphQL Int); ``percent`` is for display only."""

    numerator = graphene.String(required=True)
    denominator = graphene.String(required=True)
    percent = graphene.Float(required=True, description="百分比（仅供显示，精确值见分子分母）")

    @staticmethod
    def of(value: Any) -> "Fraction | None":
        """From an engine Ratio, a {num, den} dict or None."""
        if value is None:
            return None
        num, den = (
            (value["num"], value["den"]) if isinstance(value, dict) else (value.num, value.den)
        )
        return Fraction(numerator=str(num), denominator=str(den), percent=100 * num / den)
