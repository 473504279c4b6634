using Arena.Grains.Common;
using Arena.Grains.Users;

namespace Arena.Tests.Contract;

/// <summary>docs/api.md's preferences table matches the code: every field, its allowed values and its default.</summary>
public sealed class PreferencesDocsTests
{
    [Fact]
    public void The_docs_list_every_preference_field_with_its_allowed_values_and_default()
    {
        var rows = ConfigurationDocsTests.DocsTableRows("api.md");
        var defaults = JsonSerializer.SerializeToNode(PreferencesView.Defaults, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();

        foreach (var property in typeof(PreferencesView).GetProperties().Where(p => p.Name != nameof(PreferencesView.UpdatedAt)))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var row = Assert.Single(rows[name]);
            Assert.Contains($"| `{defaults[name]?.ToJsonString() ?? "null"}` |", row);
            var type = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
            if (!type.IsEnum) continue;
            var names = (IReadOnlyList<string>)typeof(WireEnum<>).MakeGenericType(type).GetProperty(nameof(WireEnum<Theme>.Names))!.GetValue(null)!;
            Assert.All(names, value => Assert.Contains($"`{value}`", row));
        }
    }
}
