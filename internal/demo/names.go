package demo

// Names for generated people: a mix that looks like a Swedish preschool,
// where families speak many languages.
var firstNames = []string{
	"Alva", "Elsa", "Maja", "Wilma", "Selma", "Astrid", "Ella", "Saga", "Freja", "Ebba",
	"Noah", "William", "Hugo", "Liam", "Lucas", "Oscar", "Elias", "Vincent", "Adam", "Nils",
	"Amira", "Yusuf", "Omar", "Layla", "Zahra", "Ali", "Fatima", "Ahmad", "Mariam", "Hamza",
	"Sahra", "Abdi", "Hodan", "Ayaan", "Farah", "Nima", "Parisa", "Darya", "Arman", "Sina",
}

var lastNames = []string{
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
	"Svensson", "Gustafsson", "Hassan", "Mohammed", "Ali", "Ahmadi", "Rahimi", "Hosseini",
	"Warsame", "Abdullahi", "Jama", "Farah", "Lindqvist", "Berg", "Lund", "Sandberg",
}

var adultNames = []string{
	"Anna", "Johan", "Sara", "Erik", "Emma", "Mikael", "Karin", "Anders", "Lina", "Peter",
	"Nadia", "Hassan", "Leila", "Karim", "Shirin", "Reza", "Amina", "Mahad", "Ifrah", "Yasin",
}

var departmentNames = []string{
	"Blåbäret", "Lingonet", "Myran", "Humlan", "Ekorren", "Igelkotten", "Räven", "Ugglan",
	"Solrosen", "Vitsippan", "Snigeln", "Fjärilen", "Nyckelpigan", "Grodan", "Haren", "Björnen",
}
