"""Password policy (等保 2.0 三级): length and character classes; expiry lives in the middleware."""

import string

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """At least ``min_length`` characters from at least ``min_classes`` of the four classes."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码至少需要 {self.min_length} 个字符。", code="password_too_short"
            )
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return (
            f"至少 {self.min_length} 个字符，包含小写字母、大写字母、数字、符号中的至少 "
            f"{self.min_classes} 类，且不能是常见密码。"
        )
