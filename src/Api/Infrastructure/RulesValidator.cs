using FastEndpoints;
using FluentValidation;

namespace Arena.Api.Infrastructure;

/// <summary>
/// A request validator whose rules are the domain's own checks (the <c>*Rules</c> classes the grains also apply), so
/// each rule is written once, yet a bad request is refused before the handler runs, with every failing field named.
/// </summary>
public abstract class RulesValidator<TRequest> : Validator<TRequest> where TRequest : notnull
{
    protected RulesValidator(Action<TRequest, FieldErrors> check) =>
        RuleFor(request => request).Custom((request, context) =>
        {
            var errors = new FieldErrors();
            check(request, errors);
            foreach (var (field, messages) in errors.ToDictionary())
                foreach (var message in messages) context.AddFailure(field, message);
        });
}
