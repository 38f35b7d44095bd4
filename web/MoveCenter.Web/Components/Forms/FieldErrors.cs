namespace MoveCenter.Web.Components.Forms;

/// <summary>
/// The errors of a refused request by field (camelCase, as the API names them), shown under the input they concern: a
/// form says what to change where it is changed.
/// </summary>
public sealed class FieldErrors(IReadOnlyDictionary<string, string[]> errors)
{
    public static readonly FieldErrors None = new(new Dictionary<string, string[]>());

    public bool Has(string field) => errors.ContainsKey(field);

    public string? Of(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public IReadOnlyList<string> All(string field) => errors.GetValueOrDefault(field) ?? [];
}
