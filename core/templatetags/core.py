from django import forms, template

register = template.Library()


@register.filter
def is_choice_list(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)
